"""The practice chat (Chainlit). Only `app.py` and `ui.py` import Chainlit."""
