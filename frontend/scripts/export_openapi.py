"""Print the API's OpenAPI document, taken from the app itself (no server, no database)."""

import json
import sys

from bina.main import create_app

json.dump(create_app().openapi(), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
sys.stdout.write("\n")
