"""`python -m bot`: see bot.cli."""

from bot.cli.commands import main

if __name__ == "__main__":  # a benchmark's helper process imports this module too
    main()
