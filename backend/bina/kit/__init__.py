"""Cross-cutting pieces every domain uses: context, pagination, preconditions, middleware."""
