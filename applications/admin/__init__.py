"""Expressions of interest, endorsements and the allocation of places in the admin panel, as
coordinators and the DCS group use them, one module per topic:

- ``applications``: expressions of interest and endorsement requests, their lists, filters,
  search and CSV exports, and the link to each cohort's equality monitoring summary
  (``equality``, counts only, with small numbers suppressed by ``csssl.disclosure``);
- ``records``: the record of allocation (scores, decisions and the waiting list, offers,
  conflicts of interest), read-only for everyone;
- ``setup``: what coordinators set up before allocating (who is in the DCS group and the
  authority each leads, criteria, balance targets, allocation settings);
- ``invoices``: invoices for external partners' places, and recording a payment;
- ``board``: the DCS allocation board;

Every score, decision, offer and invoice is kept with who changed it and when, and shown in its
history; they are read-only here, because they change only through the allocation services
(the allocation board, the applicant's answer, the coordinators' payment action).

Django's admin imports this package to register the models; the modules below do the
registering.
"""

from applications.admin import applications, board, invoices, records, setup

__all__ = ["applications", "board", "invoices", "records", "setup"]
