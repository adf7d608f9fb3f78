"""ASGI entry point for uvicorn: `uvicorn bina.asgi:app`."""

from bina.main import create_app

app = create_app()
