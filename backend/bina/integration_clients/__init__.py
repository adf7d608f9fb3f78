"""Integration clients: other agencies' systems with client credentials, scopes and regions."""
