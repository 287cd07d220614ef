"""Headless simulation: policy bots and the balance table."""
