"""What placements registers with the registries of csssl and cohorts (timeline, completion,
workspace, reminders) and with the mentor's workspace sections."""
