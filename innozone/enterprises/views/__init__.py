"""The registry's pages, split by use case: the list and registering (registry), one entry's dossier and
its forms (dossier), the cultivation board (pipeline), the office's import (importing)."""
