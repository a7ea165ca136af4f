"""Scenarios written from the source policies. Each names the passage it encodes and says what the guide must advise.

They run against the engine in CPython (test_scenarios.py) and, unchanged, inside Pyodide under Node
(test_pyodide_parity.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Scenario:
    name: str
    policy: str          # slug, or slug/version
    passage: str         # the passage of the source policy this encodes
    today: str
    answers: dict
    kind: str = "advice"                     # advice or signpost
    outcome: Optional[str] = None            # raise, waiting, resolved, end
    stage: Optional[str] = None              # the stage's label and title, "Stage 3: Escalate to ..."
    yours: tuple = ()                        # role titles on the practitioner's side
    theirs: tuple = ()                       # role titles in the other agency
    partnership: tuple = ()                  # role titles of the partnership or another body
    deadline: Optional[str] = None           # YYYY-MM-DD
    duties: tuple = ()                       # (action, "required" | "check")
    form: Optional[str] = None               # form title
    notices: tuple = ()                      # notice kinds: overdue, blocked, calendar
    signpost: Optional[str] = None           # signpost id
    check: tuple = ()                        # role titles that must be marked "check" (unsure answers)
    extra: dict = field(default_factory=dict)


MEDWAY_CASE = {"immediate-risk": "no", "about": "case", "outside-area": "no"}
MEDWAY_CP = "Inform the Child Protection Conference Chair."
MEDWAY_IRO = "Inform the Independent Reviewing Officer (IRO)."
MEDWAY_COPY = "Email a copy of the escalation and any response to the MSCP, for recording. An email is enough."
MEDWAY_FORM_COPY = "Send a copy of the Stage 3 Escalation Form to the MSCP, for recording."

MEDWAY = [
    Scenario(
        "health v Kent Police MASH, CP plan and in care, stages 1 and 2 unanswered: stage 3", "medway",
        "Section 4, Stage 3: 'Both stages 1 and 2 must be utilised before going to stage 3' and 'sent to the Assistant "
        "Director/ Deputy Director/ Headteacher/ Detective Superintendent Head of Safeguarding ... A response is "
        "required within 5 working days. A copy of the Stage 3 Escalation Form ... sent to the MSCP'; CP Chair and IRO",
        "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "health", "other-agency": "kent-police", "mash": "yes", "cp-plan": "yes",
         "in-care": "yes", "escalation.reached": "stage-2", "escalation.stage-2.response": "none",
         "escalation.stage-2.raised-on": "2026-11-02", "escalation.stage-1.used": "yes",
         "escalation.stage-3.raise-on": "2026-11-20"},
        outcome="raise", stage="Stage 3: Escalate to Assistant/Deputy Directors",
        yours=("Assistant Director or Deputy Director",), theirs=("Detective Superintendent, Head of Safeguarding",),
        deadline="2026-11-27",
        duties=((MEDWAY_CP, "required"), (MEDWAY_IRO, "required"), (MEDWAY_FORM_COPY, "required")),
        form="Stage 3 Escalation Form", notices=("overdue",)),
    Scenario(
        "a child at immediate risk: act today, do not escalate", "medway",
        "Not in the Medway policy: the standard child protection route (the YAML says so in a note)", "2026-11-20",
        {"immediate-risk": "yes"}, kind="signpost", signpost="immediate-risk"),
    Scenario(
        "the other agency is outside Medway: use that area's policy", "medway",
        "Section 2: 'Professionals seeking to escalate to agencies operating outside of Medway should refer to the "
        "Local Safeguarding Children Partnership Escalation policy for that area.'", "2026-11-20",
        {"immediate-risk": "no", "about": "case", "outside-area": "yes"}, kind="signpost", signpost="outside-medway"),
    Scenario(
        "a practice concern about one agency: consult that service first", "medway",
        "Section 3: 'If the subject of the alert concerns a single agency, then that service should be consulted with "
        "first.'", "2026-11-20",
        {"immediate-risk": "no", "about": "practice", "own-agency": "education", "single-agency": "yes",
         "practice-alert.reached": "none"},
        outcome="raise", stage="Step 1: Consult the service first", theirs=("The service the alert is about",)),
    Scenario(
        "a practice concern across agencies: send a Partnership Practice Alert to the MSCP", "medway",
        "Section 3 and Appendix three: the PPA report template goes to the MSCP; the Learning Lessons group considers "
        "it", "2026-11-20",
        {"immediate-risk": "no", "about": "practice", "own-agency": "health", "single-agency": "no",
         "practice-alert.reached": "none"},
        outcome="raise", stage="Step 2: Send the Partnership Practice Alert to the MSCP",
        yours=("Safeguarding lead",), partnership=("MSCP Learning Lessons group members",),
        duties=(("Send the Partnership Practice Alert to the MSCP.", "required"),), form="Partnership Practice Alert"),
    Scenario(
        "stage 2 unresolved but stage 1 never used: go back to stage 1", "medway",
        "Section 4, Stage 3: 'Both stages 1 and 2 must be utilised before going to stage 3.'", "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "social-care", "other-agency": "health", "cp-plan": "no", "in-care": "no",
         "escalation.reached": "stage-2", "escalation.stage-2.response": "not-resolved",
         "escalation.stage-2.raised-on": "2026-11-16", "escalation.stage-1.used": "no",
         "escalation.stage-1.raise-on": "2026-11-20"},
        outcome="raise", stage="Stage 1: Escalate to Service Manager",
        yours=("Children's Social Care Service Manager",), theirs=("Senior health visitor, senior nurse or GP",),
        deadline="2026-11-27", duties=((MEDWAY_COPY, "required"),), notices=("blocked",)),
    Scenario(
        "Kent Police, not about the MASH, pre-stage failed: stage 1 to the Operational CP DI", "medway",
        "Section 4, Stage 1: 'Matters not relating to MASH should go to the Operational Child Protection Detective "
        "Inspector' ... 'requires a response within 5 working days'", "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "kent-police", "other-agency": "social-care", "mash": "no", "cp-plan": "no",
         "in-care": "no", "escalation.reached": "pre-stage", "escalation.pre-stage.response": "not-resolved",
         "escalation.stage-1.raise-on": "2026-11-23"},
        outcome="raise", stage="Stage 1: Escalate to Service Manager",
        yours=("Operational Child Protection Detective Inspector",), theirs=("Children's Social Care Service Manager",),
        deadline="2026-11-30", duties=((MEDWAY_COPY, "required"),)),
    Scenario(
        "not sure whether it concerns the MASH: both Kent Police routes, to check", "medway",
        "Section 4, Stage 1: MASH to the MASH/CRU Detective Inspector, otherwise the Operational Child Protection "
        "Detective Inspector; 'If in doubt ... contact the Kent Police control room or the Central Referral Unit'",
        "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "education", "other-agency": "kent-police", "mash": "not-sure", "cp-plan": "no",
         "in-care": "no", "escalation.reached": "pre-stage", "escalation.pre-stage.response": "not-resolved",
         "escalation.stage-1.raise-on": "2026-11-20"},
        outcome="raise", stage="Stage 1: Escalate to Service Manager", yours=("Service Manager or equivalent",),
        theirs=("MASH/CRU Detective Inspector", "Operational Child Protection Detective Inspector"),
        check=("MASH/CRU Detective Inspector", "Operational Child Protection Detective Inspector"),
        deadline="2026-11-27", duties=((MEDWAY_COPY, "required"),)),
    Scenario(
        "not sure about a CP plan, not in care: check whether to tell the Conference Chair", "medway",
        "Section 4, Stage 2: 'If the young person is subject to a Child Protection Plan, the Children Protection "
        "Conference Chair should also be informed.'", "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "education", "other-agency": "social-care", "cp-plan": "not-sure",
         "in-care": "no", "escalation.reached": "stage-1", "escalation.stage-1.response": "not-resolved",
         "escalation.stage-1.raised-on": "2026-11-10", "escalation.stage-2.raise-on": "2026-11-20"},
        outcome="raise", stage="Stage 2: Escalate to Designated Safeguarding Leads / Head of Service",
        yours=("Designated teacher",), theirs=("Children's Social Care Head of Service",), deadline="2026-11-27",
        duties=((MEDWAY_CP, "check"), (MEDWAY_COPY, "required"))),
    Scenario(
        "stage 1 raised this week, no answer yet: wait, response due in 5 working days", "medway",
        "Section 4, Stage 1: 'This stage of the escalation requires a response within 5 working days.'", "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "health", "other-agency": "education", "cp-plan": "no", "in-care": "yes",
         "escalation.reached": "stage-1", "escalation.stage-1.response": "none",
         "escalation.stage-1.raised-on": "2026-11-18"},
        outcome="waiting", stage="Stage 1: Escalate to Service Manager",
        yours=("Senior health visitor, senior nurse or GP",), theirs=("Service Manager or equivalent",),
        deadline="2026-11-25", duties=((MEDWAY_IRO, "required"), (MEDWAY_COPY, "required"))),
    Scenario(
        "stage 3 unresolved: stage 4, the MSCP Executive and Independent Scrutineer", "medway",
        "Section 4, Stage 4: 'the escalation must be sent to the MSCP using the Escalation Form ... raised with the "
        "MSCP Executive and overseen by the MSCP Independent scrutineer'", "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "social-care", "other-agency": "health", "cp-plan": "yes", "in-care": "no",
         "escalation.reached": "stage-3", "escalation.stage-3.response": "not-resolved",
         "escalation.stage-3.raised-on": "2026-11-12", "escalation.stage-1.used": "yes",
         "escalation.stage-2.used": "yes"},
        outcome="raise", stage="Stage 4: Involving the Medway Safeguarding Children Partnership",
        partnership=("MSCP Executive", "MSCP Independent Scrutineer"),
        duties=(("Send the updated Escalation Form to the MSCP, with all responses and resolutions received and the "
                 "remaining concerns.", "required"),),
        form="Stage 3 Escalation Form"),
    Scenario(
        "resolved at stage 2: copy the response to the MSCP and tell the IRO", "medway",
        "Section 4, Stage 2: 'Please email a copy of the escalation and any response to mscp@medway.gov.uk'", "2026-11-20",
        {**MEDWAY_CASE, "own-agency": "health", "other-agency": "social-care", "cp-plan": "no", "in-care": "yes",
         "escalation.reached": "stage-2", "escalation.stage-2.response": "resolved",
         "escalation.stage-2.raised-on": "2026-11-16"},
        outcome="resolved", stage="Stage 2: Escalate to Designated Safeguarding Leads / Head of Service",
        yours=("Named GP or other designated professional",), theirs=("Children's Social Care Head of Service",),
        duties=((MEDWAY_IRO, "required"), (MEDWAY_COPY, "required"))),
]

MEDWAY_2016_CASE = {"immediate-risk": "no"}
MEDWAY_2016_IRO = "Inform the Independent Reviewing Officer (IRO)."

MEDWAY_2016 = [
    Scenario(
        "police v health, CP plan: stage 1 Team Managers, the IRO informed", "medway/2016-06",
        "Section 3, Stage 1: 'This may be a detective sergeant in the police; a senior health visitor/ nurse/ GP ... If "
        "the young person is subject to a Child Protection Plan, the Independent Reviewing Officer (IRO) should also be "
        "informed. A response is required within 5 working days.'", "2016-07-06",
        {**MEDWAY_2016_CASE, "own-agency": "police", "other-agency": "health", "cp-plan": "yes",
         "escalation.reached": "first-step", "escalation.first-step.response": "not-resolved",
         "escalation.stage-1.raise-on": "2016-07-06"},
        outcome="raise", stage="Stage 1: Escalate to Team Manager", yours=("Detective Sergeant",),
        theirs=("Senior health visitor, senior nurse or GP",), deadline="2016-07-13",
        duties=((MEDWAY_2016_IRO, "required"),)),
    Scenario(
        "stage 1 unresolved, police: stage 2 to the DCI for safeguarding", "medway/2016-06",
        "Section 3, Stage 2: 'Detective Chief Inspector for safeguarding; designated teacher; named GP'", "2016-07-06",
        {**MEDWAY_2016_CASE, "own-agency": "education", "other-agency": "police", "cp-plan": "no",
         "escalation.reached": "stage-1", "escalation.stage-1.response": "not-resolved",
         "escalation.stage-1.raised-on": "2016-06-27", "escalation.stage-2.raise-on": "2016-07-06"},
        outcome="raise", stage="Stage 2: Escalate to Designated Safeguarding Leads / Service Managers",
        yours=("Designated teacher",), theirs=("Detective Chief Inspector for safeguarding",), deadline="2016-07-13"),
    Scenario(
        "stage 2 unresolved: stage 3, with the form copied to the MSCB and no stage 1 rule", "medway/2016-06",
        "Section 3, Stage 3: 'A copy of the Stage 3 Escalation Form should also be sent to the MSCB at "
        "mscb@medway.gov.uk' (the 2016 policy has no rule that stages 1 and 2 must both be used)", "2016-07-06",
        {**MEDWAY_2016_CASE, "own-agency": "social-care", "other-agency": "education", "cp-plan": "yes",
         "escalation.reached": "stage-2", "escalation.stage-2.response": "not-resolved",
         "escalation.stage-2.raised-on": "2016-06-29", "escalation.stage-3.raise-on": "2016-07-06"},
        outcome="raise", stage="Stage 3: Escalate to Assistant/Deputy Directors",
        yours=("Assistant Director or Deputy Director",), theirs=("Headteacher",), deadline="2016-07-13",
        duties=(("Send a copy of the Stage 3 Escalation Form to the MSCB.", "required"),), form="Stage 3 Escalation Form"),
    Scenario(
        "stage 3 unresolved: stage 4, the case review notification to the Learning Lessons Subgroup Chair",
        "medway/2016-06",
        "Section 3, Stage 4: 'a notification form must be completed and sent to the MSCB Learning Lessons Subgroup "
        "Chair, via the MSCB support team' and 'The MSCB Independent Chair will also be informed.'", "2016-07-20",
        {**MEDWAY_2016_CASE, "own-agency": "health", "other-agency": "social-care", "cp-plan": "no",
         "escalation.reached": "stage-3", "escalation.stage-3.response": "none",
         "escalation.stage-3.raised-on": "2016-07-06"},
        outcome="raise", stage="Stage 4: Involving the Medway Safeguarding Children Board",
        partnership=("MSCB Learning Lessons Subgroup Chair",),
        duties=(("Send the notification form to the MSCB Learning Lessons Subgroup Chair, through the MSCB support "
                 "team.", "required"), ("Inform the MSCB Independent Chair.", "required")),
        form="MSCB notification form (Notifications and referrals for case reviews)", notices=("overdue",)),
    Scenario(
        "stage 3 raised two days ago: wait for the Assistant Director's response", "medway/2016-06",
        "Section 3, Stage 3: 'A response is required within 5 working days.'", "2016-07-08",
        {**MEDWAY_2016_CASE, "own-agency": "other", "other-agency": "health", "cp-plan": "no",
         "escalation.reached": "stage-3", "escalation.stage-3.response": "none",
         "escalation.stage-3.raised-on": "2016-07-06"},
        outcome="waiting", stage="Stage 3: Escalate to Assistant/Deputy Directors",
        yours=("Assistant Director, Deputy Director, Headteacher or equivalent",),
        theirs=("Assistant Director or Deputy Director",), deadline="2016-07-13",
        duties=(("Send a copy of the Stage 3 Escalation Form to the MSCB.", "required"),), form="Stage 3 Escalation Form"),
    Scenario(
        "nothing done yet: talk to your line manager, then professional to professional", "medway/2016-06",
        "Section 2: 'they must firstly consult with their line manager ... Initial attempts should be made to resolve the "
        "matter professional to professional.'", "2016-07-06",
        {**MEDWAY_2016_CASE, "own-agency": "education", "other-agency": "social-care", "cp-plan": "no",
         "escalation.reached": "none"},
        outcome="raise", stage="First step: Talk to your line manager, then to the other professional",
        yours=("Line manager",), theirs=("The professional in the other agency you disagree with",)),
    Scenario(
        "resolved at stage 2 with a CP plan: the IRO is still informed", "medway/2016-06",
        "Section 3, Stage 2: 'If the young person is subject to a Child Protection Plan, the Independent Reviewing "
        "Officer (IRO) should also be informed.'", "2016-07-06",
        {**MEDWAY_2016_CASE, "own-agency": "health", "other-agency": "police", "cp-plan": "yes",
         "escalation.reached": "stage-2", "escalation.stage-2.response": "resolved",
         "escalation.stage-2.raised-on": "2016-07-01"},
        outcome="resolved", stage="Stage 2: Escalate to Designated Safeguarding Leads / Service Managers",
        yours=("Named GP or other designated professional",), theirs=("Detective Chief Inspector for safeguarding",),
        duties=((MEDWAY_2016_IRO, "required"),)),
    Scenario(
        "immediate risk under the 2016 policy", "medway/2016-06",
        "Not in the 2016 policy: the standard child protection route (the YAML says so in a note)", "2016-07-06",
        {"immediate-risk": "yes"}, kind="signpost", signpost="immediate-risk"),
]

SUFFOLK_REFERRAL = {"immediate-risk": "no", "about": "referral"}

SUFFOLK = [
    Scenario(
        "after revisiting the referral: resolve between professionals within one working day", "suffolk",
        "Dispute at the Point of Referral, paragraph 3: 'within one working day or a timescale that protects the child "
        "(whichever is less) following receipt of feedback': counted from the feedback (19 November), not the day "
        "the practitioner raises it", "2026-11-20",
        {**SUFFOLK_REFERRAL, "own-agency": "education", "other-agency": "social-care", "referral.reached": "revisit",
         "referral.revisit.response": "not-resolved", "referral.revisit.response-on": "2026-11-19"},
        outcome="raise", stage="Step 2: Resolve it between professionals",
        yours=("Your manager or Safeguarding Lead",),   # not the practitioner themself (issue 19)
        theirs=("The professional in the other agency you disagree with",), deadline="2026-11-20", extra={"sooner": True}),
    Scenario(
        "no agreement between professionals within the working day: first line managers (health too: the designated "
        "nurse or doctor is the alternative to the senior manager, a step later)", "suffolk",
        "Dispute at the Point of Referral, paragraphs 5 and 6: 'a LA children's social care team manager to liaise with "
        "their first line manager equivalent'",
        "2026-11-20",
        {**SUFFOLK_REFERRAL, "own-agency": "health", "other-agency": "social-care",
         "referral.reached": "professionals", "referral.professionals.response": "none",
         "referral.professionals.raised-on": "2026-11-18", "referral.revisit.response-on": "2026-11-18",
         "referral.first-line-managers.raise-on": "2026-11-20"},
        outcome="raise", stage="Step 3: First line managers and safeguarding leads",
        yours=("First line manager",),
        theirs=("Local authority children's social care Team Manager",), deadline="2026-11-23",
        notices=("overdue",)),
    Scenario(
        "health, first line managers cannot agree: a senior manager, or directly the designated nurse or doctor",
        "suffolk",
        "Dispute at the Point of Referral, paragraph 6: 'the issue MUST be referred without delay through the line "
        "management to a senior manager. Alternatively, (i.e. in Health Services ...) input may be sought directly from "
        "the designated nurse or doctor in preference to the use of line management.'", "2026-11-20",
        {**SUFFOLK_REFERRAL, "own-agency": "health", "other-agency": "social-care",
         "referral.reached": "first-line-managers", "referral.first-line-managers.response": "not-resolved",
         "referral.first-line-managers.raised-on": "2026-11-19"},
        outcome="raise", stage="Step 4: Refer to a senior manager",
        yours=("Designated nurse or doctor", "Senior manager"), theirs=("Senior manager",)),
    Scenario(
        "first line managers cannot agree: refer without delay to a senior manager", "suffolk",
        "Dispute at the Point of Referral, paragraph 6: 'the issue MUST be referred without delay through the line "
        "management to a senior manager'", "2026-11-20",
        {**SUFFOLK_REFERRAL, "own-agency": "police", "other-agency": "other",
         "referral.reached": "first-line-managers", "referral.first-line-managers.response": "not-resolved",
         "referral.first-line-managers.raised-on": "2026-11-19"},
        outcome="raise", stage="Step 4: Refer to a senior manager", yours=("Senior manager",), theirs=("Senior manager",),
        extra={"raise_within": "without delay"}),
    Scenario(
        "heads of service cannot resolve it: refer urgently to the LSCB with a written account", "suffolk",
        "Dispute at the Point of Referral, paragraph 10: 'referred urgently to the LSCB for resolution. This should "
        "include forwarding a written account of the dispute'", "2026-11-20",
        {**SUFFOLK_REFERRAL, "own-agency": "social-care", "other-agency": "health",
         "referral.reached": "heads-of-service", "referral.heads-of-service.response": "not-resolved"},
        outcome="raise", stage="Step 6: Refer to the LSCB",
        partnership=("Suffolk LSCB", "Chair of the LSCB", "LSCB sub-committee"),
        duties=(("Send the LSCB a written account of the dispute and what attempts have been made to resolve it.",
                 "required"),)),
    Scenario(
        "dissent from the conference chair's decision: raise it with your designated lead", "suffolk",
        "Dissent at/arising from a Child Protection Conference, paragraph 4: 's/he should formally raise the matter with "
        "her/his agency's designated lead'", "2026-11-20",
        {"immediate-risk": "no", "about": "conference", "conference-about": "dissent",
         "conference-dissent.reached": "none"},
        outcome="raise", stage="Step 1: Raise it with your agency's designated lead",
        yours=("Your agency's designated lead",)),
    Scenario(
        "the designated lead agrees: alert a local authority safeguarding manager immediately", "suffolk",
        "Dissent at/arising from a Child Protection Conference, paragraphs 5 and 6: 'immediately alert a local authority "
        "safeguarding manager' who decides to uphold the decision or bring forward a review conference", "2026-11-20",
        {"immediate-risk": "no", "about": "conference", "conference-about": "dissent",
         "conference-dissent.reached": "designated-lead", "conference-dissent.designated-lead.response": "not-resolved"},
        outcome="raise", stage="Step 2: The designated lead alerts a local authority safeguarding manager",
        partnership=("Local authority safeguarding manager",), extra={"raise_within": "immediately"}),
    Scenario(
        "a child protection plan not making progress: ask the chair for a stop and review meeting", "suffolk",
        "'Stop and Review' Process, paragraph 1: 'in consultation with their manager make a request to the Chair of the "
        "Conference for a stop and review meeting'", "2026-11-20",
        {"immediate-risk": "no", "about": "cp-plan", "plan-about": "no-progress", "stop-and-review.reached": "none"},
        outcome="raise", stage="Step 1: Ask the conference chair for a stop and review meeting",
        yours=("Your manager",), partnership=("Child Protection Conference Chair",)),
    Scenario(
        "a child in care: after the stop and review meeting, heads of service, and tell the IRO the outcome", "suffolk",
        "'Stop and Review' Process, paragraph 2: 'referred to the Heads of Service ... The child's IRO, the relevant "
        "Safeguarding Manager and the Head of Safeguarding Service should be informed of the outcome'", "2026-11-20",
        {"immediate-risk": "no", "about": "care-plan", "stop-and-review-care.reached": "meeting",
         "stop-and-review-care.meeting.response": "not-resolved"},
        outcome="raise", stage="Step 4: Refer to the heads of service",
        yours=("Head of service for each agency involved",), theirs=("Head of service for each agency involved",),
        duties=(("Inform the child's IRO, the relevant Safeguarding Manager and the Head of Safeguarding Service of the "
                 "outcome of these discussions.", "required"),)),
    Scenario(
        "a placing authority silent for seven days: send the reminder", "suffolk",
        "Children placed in Suffolk by another local authority: 'within a seven-day period. Failure to provide details "
        "within the seven-day period will trigger a further e-mail reminder'", "2026-11-20",
        {"immediate-risk": "no", "about": "placed-child", "placement-about": "details",
         "placed-by-other-authority.reached": "contact", "placed-by-other-authority.contact.response": "none",
         "placed-by-other-authority.contact.raised-on": "2026-11-10"},
        outcome="raise", stage="Step 2: Send a reminder",
        theirs=("The case accountable worker in the placing authority, and their manager",), notices=("overdue",)),
    Scenario(
        "a serious incident in a private children's home: remind the home about Ofsted and notify the MASH", "suffolk",
        "Incidents in a private children's home: 'Advise the relevant children's home ... that they notify OFSTED' and "
        "'you will be notifying the MASH via Customer First and a multi-agency referral form'", "2026-11-20",
        {"immediate-risk": "no", "about": "placed-child", "placement-about": "incident",
         "private-home-incident.reached": "none"},
        outcome="raise", stage="Step 1: Advise the home, and notify the MASH",
        theirs=("The children's home",), partnership=("Suffolk MASH (through Customer First)",),
        duties=(("Notify the MASH through Customer First, with a multi-agency referral form.", "required"),
                ("Tell the children's home that it must notify Ofsted of the incident.", "required"))),
    Scenario(
        "a concern about a colleague: whistleblowing, not this policy", "suffolk",
        "Whistle Blowing: 'a well-publicised whistle blowing or speak out procedure'", "2026-11-20",
        {"immediate-risk": "no", "about": "own-organisation", "organisation-about": "whistleblowing"},
        kind="signpost", signpost="whistleblowing"),
    Scenario(
        "a dispute within one agency: in-house procedures", "suffolk",
        "Opening section: 'For disputes within agencies, in-house procedures should be followed.'", "2026-11-20",
        {"immediate-risk": "no", "about": "own-organisation", "organisation-about": "dispute"},
        kind="signpost", signpost="within-agency"),
]

WIRRAL_CASE = {"immediate-risk": "no", "other-agency-involved": "yes"}

WIRRAL = [
    Scenario(
        "immediate risk: escalate the same working day through child protection procedures", "wirral",
        "Section 2: 'MUST ENSURE THEIR CONCERNS ARE ESCALATED ON THE SAME WORKING DAY USING ESTABLISHED CHILD PROTECTION "
        "PROCEDURES'", "2026-11-20", {"immediate-risk": "yes"}, kind="signpost", signpost="immediate-risk"),
    Scenario(
        "a disagreement inside your own agency: your own procedures", "wirral",
        "Section 1, paragraph 4: 'Every agency has safeguarding procedures in place within their own agency'",
        "2026-11-20", {"immediate-risk": "no", "other-agency-involved": "no"}, kind="signpost",
        signpost="own-agency-procedures"),
    Scenario(
        "nothing done yet: the Lead Professional first, resolve within a working week", "wirral",
        "Section 1, paragraphs 4 and 6: 'the Lead Professional should be the first contact' ... 'within a working week or "
        "a timescale that protects the child from harm (whichever is less)'", "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "schools", "other-agency": "childrens-services", "escalation.reached": "none",
         "escalation.stage-1.raise-on": "2026-11-20"},
        outcome="raise", stage="Stage 1: Professionals resolving disagreement",
        yours=("Manager",), theirs=("The Lead Professional",), deadline="2026-11-27", extra={"sooner": True}),
    Scenario(
        "no resolution within the working week: stage 2, the manager within one working day", "wirral",
        "Section 1, paragraph 4: 'their manager should be contacted within one working day'; section 4", "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "health", "other-agency": "police", "escalation.reached": "stage-1",
         "escalation.stage-1.response": "none", "escalation.stage-1.raised-on": "2026-11-02"},
        outcome="raise", stage="Stage 2: Safeguarding lead",
        yours=("Manager", "Safeguarding lead (or equivalent)"), theirs=("Manager", "Safeguarding lead (or equivalent)"),
        duties=(),   # the proforma is for a disagreement resolved at this stage: not shown before it is (issue 19)
        form=None, notices=("overdue",),   # the same for the proforma itself: offered once resolved at stage 2
        extra={"raise_within": "1 working day"}),
    Scenario(
        "resolved at stage 2: send the Appendix 1 proforma to the Business Manager", "wirral",
        "Section 2 and Appendix 1: 'Proforma document ... should be sent to the WSCB Business Manager for analysis'",
        "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "health", "other-agency": "police", "escalation.reached": "stage-2",
         "escalation.stage-2.response": "resolved"},
        outcome="resolved", stage="Stage 2: Safeguarding lead",
        yours=("Manager", "Safeguarding lead (or equivalent)"), theirs=("Manager", "Safeguarding lead (or equivalent)"),
        duties=(("Send the Appendix 1 proforma to the WSCB Business Manager.", "required"),),
        form="Proforma for reporting conflicts resolved at stage 2 (Appendix 1)"),
    Scenario(
        "stage 2 fails: each agency's WSCB Board members convene a conflict resolution meeting", "wirral",
        "Section 5: 'escalated by a senior manager to the agencies WSCB Board representatives who will convene a conflict "
        "resolution meeting to mediate'", "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "police", "other-agency": "cafcass", "escalation.reached": "stage-2",
         "escalation.stage-2.response": "not-resolved"},
        outcome="raise", stage="Stage 3: WSCB Board members",
        yours=("Superintendent, Merseyside Police",), theirs=("Service Manager, CAFCASS",),
        duties=(),   # the proforma is for a disagreement resolved at this stage: not shown before it is (issue 19)
        form=None),  # the same for the proforma itself: offered once resolved at stage 3
    Scenario(
        "unresolved at stage 3: the WSCB Chair makes a determination", "wirral",
        "Section 6: 'escalate the case to the Chair of the WSCB for a determination to be made'", "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "schools", "other-agency": "health", "escalation.reached": "stage-3",
         "escalation.stage-3.response": "not-resolved"},
        outcome="raise", stage="Stage 4: WSCB Chair", partnership=("Chair of the WSCB",)),
    Scenario(
        "resolved at stage 3: the Appendix 2 proforma", "wirral",
        "Appendix 2: 'Proforma for Reporting Conflicts which have been Resolved at Stage 3 Agency Representative Level'",
        "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "voluntary", "other-agency": "other", "escalation.reached": "stage-3",
         "escalation.stage-3.response": "resolved"},
        outcome="resolved", stage="Stage 3: WSCB Board members",
        yours=("Representative of voluntary agencies",), theirs=("The agency's WSCB Board representative",),
        duties=(("Send the Appendix 2 proforma to the WSCB Business Manager.", "required"),),
        form="Proforma for reporting conflicts resolved at stage 3 (Appendix 2)"),
    Scenario(
        "unresolved after the Chair: the last stage", "wirral",
        "Section 6: the Chair's determination is the last stage of the procedure", "2026-11-20",
        {**WIRRAL_CASE, "own-agency": "schools", "other-agency": "health", "escalation.reached": "stage-4",
         "escalation.stage-4.response": "not-resolved"},
        outcome="end", stage="Stage 4: WSCB Chair", partnership=("Chair of the WSCB",)),
]

MODEL = [
    Scenario(
        "a concern about a child: communicate it through child protection procedures the same working day", "model",
        "Section 1.5: 'communicating such concerns through agreed child protection procedures on the same working day'",
        "2026-11-20", {"immediate-risk": "yes"}, kind="signpost", signpost="immediate-risk"),
    Scenario(
        "a general disagreement: resolve it between practitioners first", "model",
        "Sections 2.1 to 2.3: 'resolve difficulties at practitioner/case worker level' ... 'seek guidance from their "
        "Safeguarding Lead'", "2026-11-20",
        {"immediate-risk": "no", "about": "other", "own-agency": "health", "other-agency": "social-care",
         "resolving.reached": "none"},
        outcome="raise", stage="Step 1: Resolve it between practitioners",
        yours=("Your Safeguarding Lead",), theirs=("The practitioner in the other agency you disagree with",)),
    Scenario(
        "a school's practitioners could not resolve it: the designated person takes it up", "model",
        "Section 2.4: 'referred by the practitioner to their line manager or lead for safeguarding (for school staff this "
        "will be the designated person)'", "2026-11-20",
        {"immediate-risk": "no", "about": "other", "own-agency": "school", "other-agency": "police",
         "resolving.reached": "practitioners", "resolving.practitioners.response": "not-resolved"},
        outcome="raise", stage="Step 2: Your line manager or safeguarding lead takes it up",
        yours=("Designated person for safeguarding (the school's lead)",),
        theirs=("Their opposite number in the other agency",)),
    Scenario(
        "dissent at referral, health: the first line manager first, not the Designated or Named Professional", "model",
        "Section 3.1.3: 'they should seek to resolve the issue in the first instance with their first line manager'",
        "2026-11-20",
        {"immediate-risk": "no", "about": "referral", "own-agency": "health", "other-agency": "social-care",
         "referral.reached": "professionals", "referral.professionals.response": "not-resolved"},
        outcome="raise", stage="Step 2: First line managers",
        yours=("First line manager",), theirs=("First line manager",)),
    Scenario(
        "dissent at referral, health, first line managers cannot agree: line management or the Designated or Named "
        "Professional", "model",
        "Section 3.1.3: 'In Health services, input may be sought directly from the Designated or Named Professional in "
        "preference to the use of line management'", "2026-11-20",
        {"immediate-risk": "no", "about": "referral", "own-agency": "health", "other-agency": "social-care",
         "referral.reached": "first-line-managers", "referral.first-line-managers.response": "not-resolved"},
        outcome="raise", stage="Step 3: Through each agency's line management",
        yours=("Designated or Named Professional", "Senior managers, through each agency's line management"),
        theirs=("Senior managers, through each agency's line management",)),
    Scenario(
        "first line managers cannot agree: through each agency's line management, without delay", "model",
        "Section 3.1.2: 'the issue must be referred without delay through the line management'", "2026-11-20",
        {"immediate-risk": "no", "about": "referral", "own-agency": "police", "other-agency": "school",
         "referral.reached": "first-line-managers", "referral.first-line-managers.response": "not-resolved"},
        outcome="raise", stage="Step 3: Through each agency's line management",
        yours=("Senior managers, through each agency's line management",),
        theirs=("Senior managers, through each agency's line management",), extra={"raise_within": "without delay"}),
    Scenario(
        "children's social care will not hold a conference: the Head of the Safeguarding Unit", "model",
        "Section 3.2.1: 'Where the agency is dissatisfied with the response from CSC, contact should be made with the "
        "Head of the Safeguarding Unit to request conference.'", "2026-11-20",
        {"immediate-risk": "no", "about": "conference-need", "own-agency": "health",
         "conference-need.reached": "request", "conference-need.request.response": "not-resolved"},
        outcome="raise", stage="Step 2: Contact the Head of the Safeguarding Unit",
        yours=("Senior manager", "Designated or Named Professional"), partnership=("Head of the Safeguarding Unit",)),
    Scenario(
        "dissent from a conference decision: raise it formally within your agency", "model",
        "Section 3.3.3: 'formally raise the matter with their line manager and/or Designated or Named Professional'",
        "2026-11-20",
        {"immediate-risk": "no", "about": "conference-decision", "own-agency": "school",
         "conference-dissent.reached": "none"},
        outcome="raise", stage="Step 1: Raise it formally in your agency",
        yours=("Line manager", "Designated or Named Professional")),
    Scenario(
        "a child protection plan dispute beyond first line managers: copy in the Conference Chair", "model",
        "Section 3.4.3: 'The Conference Chair should be copied into all correspondence'", "2026-11-20",
        {"immediate-risk": "no", "about": "cp-plan", "own-agency": "social-care", "other-agency": "health",
         "cp-plan.reached": "first-line-managers", "cp-plan.first-line-managers.response": "not-resolved"},
        outcome="raise", stage="Step 3: Through each agency's line management",
        yours=("Senior managers, through each agency's line management",),
        theirs=("Senior managers, through each agency's line management",),
        duties=(("Copy the Conference Chair into all correspondence.", "required"),)),
    Scenario(
        "the meeting of all parties did not resolve it: the last step of the procedure", "model",
        "Section 3.1.4: 'At this point a meeting should be called to discuss the situation involving all parties.'",
        "2026-11-20",
        {"immediate-risk": "no", "about": "referral", "own-agency": "other", "other-agency": "police",
         "referral.reached": "meeting", "referral.meeting.response": "not-resolved"},
        outcome="end", stage="Step 4: A meeting of all parties", partnership=("All parties to the disagreement",)),
]

ALL = MEDWAY + MEDWAY_2016 + SUFFOLK + WIRRAL + MODEL
