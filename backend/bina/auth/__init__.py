"""Sign-in: OAuth2 password and refresh-token grants, logout, and who am I."""
