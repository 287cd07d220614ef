"""Allow ``python -m game``."""

from game.launch import main

if __name__ == "__main__":
    main()
