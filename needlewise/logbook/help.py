"""What the logbook is and what it stores, shown in the app beside the logbook."""

HELP = """\
**What the logbook is.** Your record of the microneedling treatments you perform under
supervision. Each entry waits for a supervisor (an instructor) to countersign it or return
it with a reason; a countersigned entry can no longer be changed. Your clinic may require
a number of countersigned treatments before your certificate.

**What it stores.** The date; a pseudonymous client reference; the Fitzpatrick type;
scar types and Goodman and Baron grade; the screening decision; whether consent was
recorded and the form's version; device, cartridge lot and expiry; areas with the needle
depth used in each (never above the clinic's limit, and never an area the course does not
treat, such as the eyelids inside the orbital rim); passes; endpoint; products applied;
the immediate reaction; aftercare; follow-ups at 48 h and at the next visit; adverse
events; and the supervisor's decision and comment. Every change is written to the audit
log.

**What it never stores.** A client's name, contact details, date of birth or photo.
A client reference that looks like an e-mail address, a phone number, a person's name or a
date is refused, and so is a note with an e-mail address, a phone number, or a date of birth
marked as one ("DOB", "born"). Never write a client's name or date of birth anywhere.
Your clinic may anonymise or delete entries after a retention period it sets.
"""
