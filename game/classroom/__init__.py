"""The classroom kit: class cards, debriefs, class reports. Headless: never imports textual."""
