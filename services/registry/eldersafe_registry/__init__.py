"""Registry service: facilities, residents, areas, departments and the task force roster."""
