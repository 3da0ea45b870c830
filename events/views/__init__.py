"""The events app's pages, by who uses them: the participant's own event pages
(``participant``), registers of attendance (``registers``), a cohort's engagement
(``engagement``) and emails to its participants (``messaging``)."""
