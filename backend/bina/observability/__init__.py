"""What operators see of a running Bina: Prometheus metrics at /metrics and structured logs."""
