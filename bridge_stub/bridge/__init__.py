"""The bridge between a page and the simulated app: messages, dispatch, faults, page streams."""
