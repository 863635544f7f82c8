"""A throwaway app that proves the conventions: its folder plus one line in
INSTALLED_APPS (``settings.py`` here, used only by test_conventions) puts it in
every registry, with no edit anywhere else."""
