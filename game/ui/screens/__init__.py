"""One screen per file; dialogs are ModalScreens that dismiss a value."""
