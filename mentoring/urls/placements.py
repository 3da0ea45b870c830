"""The placements addresses of the mentoring app (namespace ``mentoring``): the participant's
placements and projects, the mentor's page for agreeing objectives, and the programme team's
approvals."""

from django.urls import path

from mentoring.views import placements, placements_coordinator, projects

ME = "me/placements/"
PROJECTS = "me/projects/"
COHORT = "coordinator/cohorts/<int:cohort_id>/placements/"

urlpatterns = [
    path(ME, placements.placement_list, name="placement_list"),
    path(ME + "add/", placements.placement_add, name="placement_add"),
    path(ME + "<int:placement_id>/", placements.placement_detail, name="placement_detail"),
    path(ME + "<int:placement_id>/edit/", placements.placement_edit, name="placement_edit"),
    path(ME + "<int:placement_id>/submit/", placements.placement_submit, name="placement_submit"),
    path(
        ME + "<int:placement_id>/withdraw/",
        placements.placement_withdraw,
        name="placement_withdraw",
    ),
    path(
        ME + "<int:placement_id>/reflection/",
        placements.placement_reflect,
        name="placement_reflect",
    ),
    path(
        "mentor/mentees/<int:pairing_id>/placements/<int:placement_id>/",
        placements.placement_mentor,
        name="placement_mentor",
    ),
    path(COHORT, placements_coordinator.placement_cohort, name="placement_cohort"),
    path(
        COHORT + "<int:placement_id>/approve/",
        placements_coordinator.placement_approve,
        name="placement_approve",
    ),
    path(
        COHORT + "<int:placement_id>/decline/",
        placements_coordinator.placement_decline,
        name="placement_decline",
    ),
    path(PROJECTS, projects.project_list, name="project_list"),
    path(PROJECTS + "add/", projects.project_add, name="project_add"),
    path(PROJECTS + "<int:project_id>/", projects.project_detail, name="project_detail"),
    path(PROJECTS + "<int:project_id>/edit/", projects.project_edit, name="project_edit"),
    path(
        PROJECTS + "<int:project_id>/milestones/",
        projects.project_milestone_add,
        name="project_milestone_add",
    ),
    path(
        PROJECTS + "milestones/<int:milestone_id>/tick/",
        projects.project_milestone_tick,
        name="project_milestone_tick",
    ),
    path(PROJECTS + "<int:project_id>/hand-in/", projects.project_hand_in, name="project_hand_in"),
]
