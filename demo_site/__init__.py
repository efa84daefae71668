"""The demo site and the `median-harness` command that serves it with the harness."""
