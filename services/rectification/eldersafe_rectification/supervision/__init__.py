"""Supervision orders (挂牌督办): listed supervision of hazards by the task force, with a numbered order."""
