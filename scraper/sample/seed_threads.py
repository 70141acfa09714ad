"""The sample site's threads, built from the project seeds and public test data.

Sources (texts live in ``scraper/sample/data/``):

* ``seed004/`` — a whole WhatDoTheyKnow thread (Pippa King's 2015 request to the Metropolitan
  Police, request 259867), split into its 26 blocks. The seed is the text of
  the *folded* page; the four blocks that showed "show quoted sections" get the quoted text
  they would have had (the bounced copy of the outgoing message; ``-----Original Message-----``
  + the previous outgoing message and the MPS footer). Link texts the seed showed shortened
  (``http://www.lbc.co.uk/put-cctv-in-all-hom...``) got plausible full URLs with the same first
  40 characters. Ids and times are chosen to be realistic for 2015 and consistent with the dates
  the letters mention.
* ``threads/nml_facial_recognition`` — seed 000 (National Museums Liverpool letter, sent as a PDF).
* ``threads/mps_lfr_policies`` — seed 001 (MPS response; the thread goes to internal review).
* ``threads/mps_rfr`` — seed 002 (MPS refusal under s.22).
* ``threads/mps_lfr_deployments`` — seed 003 (refined request after a s.12 refusal; follow-ups quote).
* ``threads/surrey_cctv``, ``dh_cctv_guidance``, ``leics_anpr``, ``ips_identity_cards`` — responses
  from mysociety/alaveteli ``spec/fixtures/files/email-folding-example-{8,10,7,1}.txt``
  (commit 351eb61e), quoted parts as Alaveteli folds them (``*.expected``).

Request texts, follow-ups and annotations around those responses are written for the sample.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import resources

from scraper.sample import web
from scraper.sample.content import (
    LONDON,
    SampleAttachment,
    SampleAuthority,
    SampleEvent,
    SampleMessage,
    SampleThread,
    SampleUser,
    SiteContent,
    london,
    parse_segments,
    url_title_for,
)
from scraper.sample.files import make_csv, make_docx, make_pdf, make_tiff, repeat_stream

__all__ = [
    "BLOCK_PLACES",
    "ReplyBlock",
    "SEED004_SLUG",
    "add_generated_threads",
    "data_text",
    "default_content",
    "generated_content",
    "reply_blocks",
]

SEED004_SLUG = "details_of_the_facial_recognitio"

_DATA = resources.files("scraper.sample") / "data"


def data_text(relpath: str) -> str:
    return (_DATA / relpath).read_text(encoding="utf-8")


# -- authorities and users ------------------------------------------------------------------


def _authorities() -> list[SampleAuthority]:
    return [
        SampleAuthority(
            id=10,
            url_name="metropolitan_police",
            name="Metropolitan Police Service (MPS)",
            home_page="https://www.met.police.uk",
            tags=[("police", None), ("england", None)],
            created_at=london("2007-10-24 11:51:01"),
            updated_at=london("2023-11-02 16:12:40"),
            publication_scheme="https://www.met.police.uk/foi-ai/af/accessing-information/",
            disclosure_log="https://www.met.police.uk/foi-ai/",
        ),
        SampleAuthority(
            id=2143,
            url_name="national_museums_liverpool",
            name="National Museums Liverpool",
            home_page="https://www.liverpoolmuseums.org.uk",
            tags=[("museum", None)],
            created_at=london("2008-02-11 10:03:12"),
            updated_at=london("2019-03-04 09:40:55"),
        ),
        SampleAuthority(
            id=331,
            url_name="surrey_county_council",
            name="Surrey County Council",
            home_page="https://www.surreycc.gov.uk",
            tags=[("local_council", None), ("SCC", None)],
            created_at=london("2007-10-24 11:51:01"),
            updated_at=london("2021-06-30 12:00:00"),
        ),
        SampleAuthority(
            id=27,
            url_name="department_of_health",
            name="Department of Health",
            short_name="DH",
            home_page="https://www.gov.uk/government/organisations/department-of-health",
            notes="Now the Department of Health and Social Care.",
            tags=[("department", None), ("dept", "health")],
            created_at=london("2007-10-24 11:51:01"),
            updated_at=london("2018-01-09 10:22:31"),
        ),
        SampleAuthority(
            id=188,
            url_name="leicestershire_constabulary",
            name="Leicestershire Constabulary",
            home_page="https://www.leics.police.uk",
            tags=[("police", None)],
            created_at=london("2007-10-24 11:51:01"),
            updated_at=london("2020-05-14 08:30:00"),
        ),
        SampleAuthority(
            id=91,
            url_name="identity_and_passport_service",
            name="Identity and Passport Service",
            short_name="IPS",
            home_page="https://www.gov.uk/government/organisations/hm-passport-office",
            notes="Now HM Passport Office.",
            tags=[("defunct", None)],
            created_at=london("2007-10-24 11:51:01"),
            updated_at=london("2013-04-01 00:00:00"),
        ),
    ]


def _users() -> list[SampleUser]:
    return [
        SampleUser(id=104218, url_name="pippa_king", name="Pippa King"),
        SampleUser(id=341907, url_name="d_ferris", name="D Ferris"),
        SampleUser(id=398452, url_name="kim_aldous", name="Kim Aldous"),
        SampleUser(
            id=412733,
            url_name="sam_okafor",
            name="Sam Okafor",
            about_me="Researching the use of biometric surveillance in the UK.",
        ),
        SampleUser(id=287316, url_name="rhiannon_price", name="Rhiannon Price"),
        SampleUser(id=2981, url_name="tom_hale", name="Tom Hale"),
        SampleUser(id=31877, url_name="j_peters_rock", name="J Peters Rock"),
        SampleUser(id=40512, url_name="helen_marsh", name="Helen Marsh"),
        SampleUser(id=2204, url_name="alan_hearne", name="Alan Hearne"),
        SampleUser(id=1976, url_name="chris_pollard", name="Chris Pollard"),
    ]


# -- a small builder ------------------------------------------------------------------------


@dataclass
class _ThreadBuilder:
    id: int
    title: str
    authority: SampleAuthority
    user: SampleUser
    source: str = ""
    tags: list[tuple[str, str | None]] = field(default_factory=list)
    events: list[SampleEvent] = field(default_factory=list)

    def _add(
        self, event_type: str, created: datetime, message: SampleMessage | None = None, state: str | None = None
    ) -> SampleEvent:
        event = SampleEvent(id=0, event_type=event_type, created_at=created, described_state=state, message=message)
        self.events.append(event)
        return event

    def sent(self, msg_id: int, when: str, text: str, *, delivery: str = "delivered") -> SampleMessage:
        m = SampleMessage(
            "outgoing", msg_id, self.user.name, london(when), parse_segments(text), delivery_status=delivery
        )
        self._add("sent", m.time, m, "waiting_response")
        return m

    def followup(
        self, msg_id: int, when: str, text: str, *, state: str | None = None, delivery: str = "delivered"
    ) -> SampleMessage:
        """A follow-up; ``state`` ``waiting_response`` (clarification) or ``internal_review``."""
        m = SampleMessage(
            "outgoing", msg_id, self.user.name, london(when), parse_segments(text), delivery_status=delivery
        )
        self._add("followup_sent", m.time, m, state)
        return m

    def response(
        self,
        msg_id: int,
        when: str,
        text: str,
        *,
        body_part_id: int | None,
        sender: str | None = None,
        from_public_body: bool = True,
        subject: str = "",
        attachments: list[SampleAttachment] | None = None,
        received_after: int = 95,
    ) -> SampleMessage:
        m = SampleMessage(
            "incoming",
            msg_id,
            sender if sender is not None else self.authority.name,
            london(when),
            parse_segments(text),
            attachments=list(attachments or []),
            from_public_body=from_public_body,
            subject=subject or f"RE: Freedom of Information request - {self.title}",
            body_part_id=body_part_id,
        )
        # the page shows the e-mail's Date:; the event is the (slightly later) receipt
        self._add("response", m.time + timedelta(seconds=received_after), m)
        return m

    def comment(self, comment_id: int, when: str, text: str, user: SampleUser | None = None) -> SampleMessage:
        author = user or self.user
        m = SampleMessage(
            "annotation", comment_id, author.name, london(when), [(text.rstrip("\n"), False)], user=author
        )
        self._add("comment", m.time, m)
        return m

    def status(self, when: str, state: str) -> None:
        self._add("status_update", london(when), None, state)

    def event(self, when: str, event_type: str) -> None:
        self._add(event_type, london(when))

    def build(self, *, awaiting_description: bool = False, prominence: str = "normal") -> SampleThread:
        described = "waiting_response"
        for e in self.events:
            if e.described_state:
                described = e.described_state
        created = self.events[0].created_at
        updated = max(e.created_at for e in self.events)
        return SampleThread(
            id=self.id,
            url_title=url_title_for(self.title),
            title=self.title,
            authority=self.authority,
            user=self.user,
            described_state=described,
            events=self.events,
            created_at=created,
            updated_at=updated,
            prominence=prominence,
            tags=self.tags,
            awaiting_description=awaiting_description,
            source=self.source,
        )


def _assign_event_ids(threads: list[SampleThread], used: set[int] | None = None) -> None:
    """Event ids grow with time across the site (as in Alaveteli), roughly 1 per 100 s since 2007."""
    used = set() if used is None else used
    for t in threads:
        for e in t.events:
            if e.id:
                used.add(e.id)
    pending = sorted(
        ((e.created_at, t.id, i, e) for t in threads for i, e in enumerate(t.events) if not e.id),
        key=lambda x: (x[0], x[1], x[2]),
    )
    last = 0
    for created, _, _, event in pending:
        eid = max(int((created.timestamp() - 1_190_000_000) / 100), last + 1)
        while eid in used:
            eid += 1
        used.add(eid)
        event.id = last = eid


# -- the threads --------------------------------------------------------------------------


def _seed004(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    mps, pippa = a["metropolitan_police"], u["pippa_king"]
    b = _ThreadBuilder(
        259867,
        "Details of the facial recognition system used by the Metropolitan Police",
        mps,
        pippa,
        source="WhatDoTheyKnow request 259867 (2015)",
    )
    t = lambda n: data_text(f"seed004/{n}.txt")  # noqa: E731
    subj = "Freedom of Information request - Details of the facial recognition system used by the Metropolitan Police"
    # 12 March 2015: request; the same evening a clarification of question 8
    b.sent(418203, "2015-03-12 09:14:07", t("01-outgoing"))
    b.followup(418611, "2015-03-12 21:37:52", t("02-outgoing"), state="waiting_response")
    # acknowledgements: "received by the MPS on 12/03/2015"
    b.response(571204, "2015-03-13 10:02:18", t("03-incoming"), body_part_id=1431172, subject=f"RE: {subj}")
    b.response(571317, "2015-03-13 11:45:40", t("04-incoming"), body_part_id=1431488, subject=f"RE: {subj}")
    b.response(572950, "2015-03-16 14:20:05", t("05-incoming"), body_part_id=1435019, subject=f"RE: {subj}")
    # 14 April: delay letter, "the amended date for a response is 08/05/2015"
    b.response(589342, "2015-04-14 16:08:33", t("06-incoming"), body_part_id=1477306, subject=f"RE: {subj}")
    b.followup(433017, "2015-04-15 08:51:26", t("07-outgoing"), delivery="failed")
    b.response(
        589877,
        "2015-04-15 08:51:31",
        t("08-bounce"),
        body_part_id=1478420,
        sender="Mail Delivery System",
        from_public_body=False,
        received_after=2,
        subject="Mail delivery failed: returning message to sender",
    )
    b.comment(62418, "2015-04-16 12:31:09", t("09-annotation"))
    # 24 April: s.12 refusal of Q14; Pippa King's reply bounces again
    b.response(594120, "2015-04-24 15:32:10", t("10-incoming"), body_part_id=1490733, subject=f"RE: {subj}")
    b.status("2015-04-24 17:01:12", "rejected")
    b.followup(436588, "2015-04-24 18:05:43", t("11-outgoing"), delivery="failed")
    b.response(
        594161,
        "2015-04-24 18:05:49",
        t("12-bounce"),
        body_part_id=1490851,
        sender="Mail Delivery System",
        from_public_body=False,
        received_after=2,
        subject="Mail delivery failed: returning message to sender",
    )
    # the narrowed request "received by the MPS on 24/04/2015"
    b.response(595802, "2015-04-27 11:19:27", t("13-incoming"), body_part_id=1494207, subject=f"RE: {subj}")
    b.status("2015-04-27 19:44:02", "waiting_response")
    # 29 April: complaint / internal review request, acknowledged the same day
    b.followup(437912, "2015-04-29 09:33:10", t("14-outgoing"), state="internal_review")
    b.response(596633, "2015-04-29 13:47:55", t("15-incoming"), body_part_id=1496540, subject=f"RE: {subj}")
    # 30 April: refusal of 8a/8b; 6 May: the procedural review
    b.response(597015, "2015-04-30 16:22:41", t("16-incoming"), body_part_id=1497318, subject=f"RE: {subj}")
    b.response(
        600871, "2015-05-06 15:10:36", t("17-incoming"), body_part_id=1506994, subject=f"RE: Internal review of {subj}"
    )
    b.comment(63290, "2015-05-06 18:02:11", t("18-annotation"))
    b.followup(440153, "2015-05-07 08:40:19", t("19-outgoing"))
    b.response(601288, "2015-05-07 10:55:03", t("20-incoming"), body_part_id=1508113, subject=f"RE: {subj}")
    b.response(
        601472, "2015-05-07 14:31:47", t("21-incoming"), body_part_id=1508541, subject=f"RE: Internal review of {subj}"
    )
    b.comment(63411, "2015-05-08 09:12:40", t("22-annotation"))
    b.status("2015-05-08 09:14:03", "waiting_response")
    b.comment(66085, "2015-06-09 20:47:15", t("23-annotation"))
    # 16 June: the answers; 17–18 June: ABIS not IBIS
    b.response(614520, "2015-06-16 12:04:55", t("24-incoming"), body_part_id=1545087, subject=f"RE: {subj}")
    b.status("2015-06-16 19:20:31", "successful")
    b.followup(449310, "2015-06-17 10:15:02", t("25-outgoing"))
    b.response(615233, "2015-06-18 09:41:30", t("26-incoming"), body_part_id=1546902, subject=f"RE: {subj}")
    b.status("2015-06-18 20:03:57", "successful")
    return b.build()


def _nml(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        612044,
        "Use of live facial recognition at National Museums Liverpool",
        a["national_museums_liverpool"],
        u["d_ferris"],
        source="seed 000 (letter as PDF attachment)",
    )
    d = "threads/nml_facial_recognition/"
    b.sent(912388, "2019-09-09 11:27:45", data_text(d + "01-outgoing.txt"))
    b.followup(930215, "2019-10-08 08:02:17", data_text(d + "02-outgoing.txt"))
    letter = data_text(d + "letter.txt")
    pdf = SampleAttachment(
        id=3561207,
        part=2,
        filename="FOI 19 08 Response Ferris.pdf",
        content_type="application/pdf",
        data=make_pdf(letter, title="FOI 19/08 response", created="D:20191021101500+01'00'"),
        text=letter,
    )
    b.response(
        1474390,
        "2019-10-21 10:17:09",
        data_text(d + "03-incoming.txt"),
        body_part_id=None,
        sender="Freedom of Information",
        attachments=[pdf],
        subject="FOI request 19/08",
    )
    b.status("2019-10-22 07:58:40", "not_held")
    return b.build()


def _mps_lfr_policies(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        478911,
        "Live facial recognition policies, PIAs and retained images",
        a["metropolitan_police"],
        u["rhiannon_price"],
        source="seed 001",
    )
    d = "threads/mps_lfr_policies/"
    b.sent(758204, "2018-03-19 14:02:33", data_text(d + "01-outgoing.txt"))
    b.response(1153873, "2018-04-30 17:21:05", data_text(d + "03-incoming.txt"), body_part_id=2860411)
    b.status("2018-05-01 08:11:52", "partially_successful")
    b.followup(771990, "2018-05-14 21:45:18", data_text(d + "04-outgoing.txt"), state="internal_review")
    b.response(1162530, "2018-05-15 12:09:44", data_text(d + "05-incoming.txt"), body_part_id=2881097)
    b.status("2018-05-15 18:30:00", "internal_review")
    return b.build()


def _mps_rfr(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        874512,
        "Use of Retrospective Facial Recognition (RFR) technology",
        a["metropolitan_police"],
        u["kim_aldous"],
        source="seed 002",
        tags=[("biometrics", None)],
    )
    d = "threads/mps_rfr/"
    b.sent(1290471, "2022-05-03 10:40:12", data_text(d + "01-outgoing.txt"))
    b.response(
        2056118,
        "2022-06-01 15:58:27",
        data_text(d + "02-incoming.txt"),
        body_part_id=5102344,
        sender="Information Rights Unit",
    )
    b.status("2022-06-02 09:02:45", "rejected")
    b.comment(
        91204,
        "2022-11-21 19:14:02",
        (
            "The MPS has now published its response to this request in its disclosure log: "
            f"{web.MET}{web.RFR_PAGE}\n\n"
            f"Their earlier page on live facial recognition policy is at {web.MET}{web.POLICY_PAGE} . "
            f"A draft briefing is said to be at {web.MET}{web.DRAFT_PAGE} but the site asks robots to stay "
            f"away from it. Searching their site ({web.MET}/search/?q=retrospective+facial+recognition) "
            "finds more."
        ),
    )
    return b.build()


def _mps_lfr_deployments(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        951208,
        "Facial recognition deployments January 2022 - January 2023",
        a["metropolitan_police"],
        u["sam_okafor"],
        source="seed 003",
    )
    d = "threads/mps_lfr_deployments/"
    b.sent(1371856, "2023-02-06 09:12:51", data_text(d + "01-outgoing.txt"))
    b.response(
        2231477,
        "2023-03-06 16:02:10",
        data_text(d + "02-incoming.txt"),
        body_part_id=5571203,
        sender="Information Rights Unit",
    )
    b.status("2023-03-06 19:40:22", "rejected")
    b.followup(1380044, "2023-03-07 08:31:06", data_text(d + "03-outgoing.txt"), state="waiting_response")
    rows = [["Date", "Location", "Borough", "Watchlist size", "Alerts", "Engagements", "Arrests"]]
    rnd = random.Random(3)
    places = [
        ("Oxford Circus", "Westminster"),
        ("Leicester Square", "Westminster"),
        ("Northumberland Avenue", "Westminster"),
        ("Camden High Street", "Camden"),
        ("Croydon town centre", "Croydon"),
        ("Wood Green High Road", "Haringey"),
    ]
    day = london("2022-01-28 00:00:00")
    for i in range(12):
        place, borough = places[i % len(places)]
        alerts = rnd.randint(0, 4)
        rows.append(
            [
                day.strftime("%d/%m/%Y"),
                place,
                borough,
                str(rnd.randint(6000, 10500)),
                str(alerts),
                str(min(alerts, rnd.randint(0, 3))),
                str(rnd.randint(0, min(alerts, 2))),
            ]
        )
        day += timedelta(days=rnd.randint(14, 40))
    rows.append(["Note", "Synthetic figures generated for the wdtk-archive sample site", "", "", "", "", ""])
    csv = SampleAttachment(
        id=5593021, part=2, filename="LFR Deployment Record 2022.csv", content_type="text/csv", data=make_csv(rows)
    )
    b.response(
        2238950,
        "2023-03-30 11:47:36",
        data_text(d + "05-incoming.txt"),
        body_part_id=5593020,
        sender="Information Rights Unit",
        attachments=[csv],
    )
    b.status("2023-03-30 20:15:09", "successful")
    b.response(
        2244391,
        "2023-04-20 12:05:48",
        (
            "Dear Sam Okafor,\n\n"
            "Further to our response of 30 March, the link referred to in it is our disclosure log entry for "
            f"your request: {web.MET}{web.LFR_PAGE}\n"
            f"The deployment record is published with it as a PDF: {web.MET}{web.LFR_PDF}\n"
            f"and as a spreadsheet: {web.MET}{web.LFR_XLSX}\n"
            "Our covering letter is attached as a Word document.\n\n"
            f"Our general information on facial recognition is at {web.MET}{web.OLD_FR_PAGE}\n"
            f"(To comment on our site you need an account: {web.MET}/account/login/?next=/foi-ai/)\n\n"
            "Yours sincerely,\n\nInformation Rights Unit\nMetropolitan Police Service"
        ),
        body_part_id=5601187,
        sender="Information Rights Unit",
        attachments=[
            SampleAttachment(
                id=5601188,
                part=2,
                filename="01.FOI.23.031597 covering letter.docx",
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                data=make_docx(COVERING_LETTER, title="01.FOI.23.031597 covering letter"),
            )
        ],
    )
    return b.build()


#: The Word letter attached to the last message of thread 951208 (text written for the sample).
COVERING_LETTER: list[str | list[list[str]]] = [
    "Freedom of information request reference no: 01.FOI.23.031597",
    "Dear Sam Okafor,",
    "This letter accompanies the publication of the live facial recognition deployment record in our disclosure log.",
    [
        ["Question", "Where answered"],
        ["1-3", "Deployment record, columns Date to Watchlist size"],
        ["4-6", "Deployment record, columns Alerts and Engagements"],
    ],
    "Each deployment is reviewed by the authorising officer within seven days.",
    "Yours sincerely,\nInformation Rights Unit",
]


def _surrey(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        3988,
        "Number of CCTV cameras operated by the council",
        a["surrey_county_council"],
        u["tom_hale"],
        source="alaveteli email-folding-example-8 (auto-reply)",
    )
    d = "threads/surrey_cctv/"
    b.sent(6021, "2008-04-10 16:48:02", data_text(d + "01-outgoing.txt"))
    b.response(
        11874,
        "2008-04-11 09:00:41",
        data_text(d + "02-incoming.txt"),
        body_part_id=40911,
        sender="Eileen Perren",
        from_public_body=True,
        subject="Out of Office AutoReply",
    )
    b.status("2008-04-14 19:22:10", "waiting_response")
    b.followup(7311, "2008-05-21 10:05:56", data_text(d + "03-outgoing.txt"), delivery="unknown")
    b.event("2008-05-10 00:00:05", "overdue")
    b.event("2008-06-07 00:00:04", "very_overdue")
    b.comment(
        90212,
        "2021-03-02 10:41:27",
        (
            f"The council now explains its highway cameras at {web.SURREY}{web.SURREY_CCTV} and has "
            f"published its answer to this question at {web.SURREY}{web.SURREY_FOI}"
        ),
        user=u["tom_hale"],
    )
    b.events.sort(key=lambda e: e.created_at)
    return b.build()


def _dh(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        45102,
        "Guidance on 'smart' CCTV & facial recognition in NHS hospitals",
        a["department_of_health"],
        u["j_peters_rock"],
        source="alaveteli email-folding-example-10; hidden message; hostile annotation",
    )
    d = "threads/dh_cctv_guidance/"
    b.sent(98120, "2010-09-20 13:31:14", data_text(d + "01-outgoing.txt"))
    b.response(
        128833,
        "2010-10-12 11:05:27",
        data_text(d + "02-incoming.txt"),
        body_part_id=410277,
        sender="DH Customer Service Centre",
        from_public_body=True,
    )
    b.status("2010-10-12 20:10:40", "not_foi")
    b.followup(99871, "2010-10-13 08:22:19", data_text(d + "03-outgoing.txt"), state="waiting_response")
    hidden = b.response(
        131790,
        "2010-11-10 15:44:03",
        data_text(d + "04-incoming.txt"),
        body_part_id=421560,
        sender="DH Customer Service Centre",
    )
    hidden.hidden = True
    b.status("2010-11-11 09:30:12", "rejected")
    b.comment(8814, "2010-11-12 22:16:51", data_text(d + "05-annotation.txt"), user=u["helen_marsh"])
    gone = b.comment(
        8815,
        "2010-11-13 10:02:33",
        "This annotation has been hidden by the site administrators.",
        user=u["helen_marsh"],
    )
    gone.hidden = True
    return b.build()


def _leics(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        4311,
        "ANPR cameras and read logs",
        a["leicestershire_constabulary"],
        u["alan_hearne"],
        source="alaveteli email-folding-example-7; slow (masking) and over-size attachments",
    )
    d = "threads/leics_anpr/"
    b.sent(6540, "2008-03-06 10:12:00", data_text(d + "01-outgoing.txt"))
    tif = SampleAttachment(
        id=44871,
        part=2,
        filename="0001 00035908 Resp 12RESPONSE LETTER 20080408 112311 01.TIF",
        content_type="image/tiff",
        data=make_tiff(),
        mask_pending=2,
    )
    header = b"read_id,camera,timestamp,lane,confidence\r\n"
    block = b"".join(
        f"{i:06d},LE{(i * 7) % 113:03d},2008-02-14T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:"
        f"{i % 60:02d},{i % 3 + 1},{70 + i % 30}\r\n".encode()
        for i in range(2000)
    )
    big_size = 30 * 1024 * 1024
    big = SampleAttachment(
        id=44872,
        part=3,
        filename="ANPR read log 14 February 2008.csv",
        content_type="text/csv",
        stream=lambda: repeat_stream(header, block, big_size),
        stream_size=big_size,
    )
    b.response(
        12530,
        "2008-04-08 11:24:55",
        data_text(d + "02-incoming.txt"),
        body_part_id=44870,
        sender="Linda Dempsey",
        attachments=[tif, big],
        subject="Freedom of Information Request - ref 0001/00035908",
    )
    b.status("2008-04-09 18:00:00", "successful")
    b.response(
        312877,
        "2022-09-14 16:20:03",
        (
            "Dear Mr Hearne,\n\nFurther to your earlier request, we have now published the number of ANPR "
            f"cameras the force operates in our disclosure log: {web.LEICS}{web.LEICS_ANPR}\n\n"
            "Regards,\n\nFreedom of Information Unit\nLeicestershire Police"
        ),
        body_part_id=1120455,
        sender="Freedom of Information Unit",
        subject="Freedom of Information Request - ref 0001/00035908",
    )
    return b.build()


def _ips(a: dict[str, SampleAuthority], u: dict[str, SampleUser]) -> SampleThread:
    b = _ThreadBuilder(
        3127,
        "Facial images in the National Identity Register",
        a["identity_and_passport_service"],
        u["chris_pollard"],
        source="alaveteli email-folding-example-1; text attachment",
    )
    d = "threads/ips_identity_cards/"
    b.sent(5012, "2008-02-26 09:40:30", data_text(d + "01-outgoing.txt"))
    letter = data_text(d + "attachment.txt")
    txt = SampleAttachment(
        id=39004,
        part=2,
        filename="9032 C Pollard final response.txt",
        content_type="text/plain",
        data=letter.encode("utf-8"),
        text=letter,
    )
    b.response(
        10088,
        "2008-03-20 14:51:12",
        data_text(d + "02-incoming.txt"),
        body_part_id=39003,
        sender="IPS FOI Team",
        attachments=[txt],
    )
    b.status("2008-03-21 08:12:45", "not_held")
    return b.build()


def default_content() -> SiteContent:
    """The hand-built sample: the seed-004 MPS thread plus threads built from seeds 000–003."""
    authorities = _authorities()
    users = _users()
    a = {x.url_name: x for x in authorities}
    u = {x.url_name: x for x in users}
    threads = [
        _seed004(a, u),
        _nml(a, u),
        _mps_lfr_policies(a, u),
        _mps_rfr(a, u),
        _mps_lfr_deployments(a, u),
        _surrey(a, u),
        _dh(a, u),
        _leics(a, u),
        _ips(a, u),
    ]
    _assign_event_ids(threads)
    assert threads[0].url_title == SEED004_SLUG
    content = SiteContent(authorities, users, threads)
    content.web = web.default_web()
    return content


# -- generated threads ------------------------------------------------------------------------

_TOPICS = [
    "CCTV cameras",
    "parking fines",
    "pothole repairs",
    "agency staff spending",
    "school transport",
    "library closures",
    "consultancy contracts",
    "fly-tipping reports",
    "council tax arrears",
    "tree felling",
    "street lighting",
    "housing repairs backlog",
    "bus lane cameras",
    "gritting routes",
]
_STATES = [
    "successful",
    "partially_successful",
    "not_held",
    "rejected",
    "waiting_response",
    "internal_review",
    "waiting_clarification",
    "successful",
]


def add_generated_threads(
    content: SiteContent,
    n_threads: int,
    *,
    authority_url_name: str = "generated_council",
    seed: int = 0,
    start: str = "2019-01-01",
    blocks: Sequence[tuple[str, str] | tuple[str, str, str]] | None = None,
    authority_name: str | None = None,
) -> list[SampleThread]:
    """Add ``n_threads`` deterministic requests to one authority, spread over the years from ``start``.

    With ``blocks`` (an authority's boilerplate: ``(category, text)`` or ``(category, text, place)``,
    see :func:`reply_blocks`), the replies are an authority's real mail: an acknowledgement in most
    threads, and answers drawn afresh for each request (paragraphs, topics, figures, tables), framed
    in the authority's own templates (its opening and acknowledgement lines, its refusal wording, the
    same few officers), with the blocks where the authority puts them, each block's text exactly as
    given. Without, the replies are short and plain (the threads are the same, message for message,
    as before blocks existed)."""
    rnd = random.Random(seed)
    name = authority_name or " ".join(w.capitalize() for w in authority_url_name.split("_"))
    placed = reply_blocks(blocks) if blocks is not None else None
    # the answers have their own generator: the threads' ids, titles, dates and states stay those
    # of the same seed without blocks
    answers = random.Random(f"answers {seed}")
    style = _HouseStyle.of(seed)
    authority = content.authorities.get(authority_url_name) or SampleAuthority(
        id=90000 + seed,
        url_name=authority_url_name,
        name=name,
        home_page=f"https://www.{authority_url_name}.example",
        tags=[("local_council", None)],
    )
    content.authorities.setdefault(authority_url_name, authority)
    requesters = [
        SampleUser(id=800000 + seed * 1000 + i, url_name=f"generated_user_{seed}_{i}", name=f"Generated User {i}")
        for i in range(7)
    ]
    for user in requesters:
        content.users.setdefault(user.url_name, user)
    t0 = datetime.fromisoformat(start).replace(tzinfo=LONDON, hour=9)
    taken = {t.url_title for t in content.threads}
    base_req = 2_000_000 + seed * 100_000
    base_msg = 20_000_000 + seed * 1_000_000
    made = []
    with content.lock:
        for i in range(n_threads):
            user = requesters[rnd.randrange(len(requesters))]
            topic = _TOPICS[rnd.randrange(len(_TOPICS))]
            year = 2010 + rnd.randrange(14)
            title = f"{topic.capitalize()} {year} (request {i + 1})"
            # about 1.9 days apart: 500 requests span ~2.6 years, so the 500-result cap matters
            sent_at = t0 + timedelta(hours=int(i * 45.5) + rnd.randrange(8), minutes=rnd.randrange(60))
            b = _ThreadBuilder(base_req + i, title, authority, user, source=f"generated (seed {seed})")
            msg_id = base_msg + i * 10
            b.sent(
                msg_id,
                sent_at.strftime("%Y-%m-%d %H:%M:%S"),
                f"Dear {authority.name},\n\nPlease provide information about {topic} in {year}, "
                f"broken down by month.\n\nYours faithfully,\n\n{user.name}",
            )
            state = _STATES[rnd.randrange(len(_STATES))]
            quote = (
                f"\n[[quoted]]\n\n-----Original Message-----\nFrom: {user.name}\n\n"
                f"Please provide information about {topic} in {year}."
            )
            reference = f"GEN/{year}/{i + 1:05d}"
            if placed is not None and answers.random() < ACKNOWLEDGED:
                ack_at = sent_at + timedelta(hours=answers.randint(1, 70), minutes=answers.randrange(60))
                b.response(
                    msg_id + 4,
                    ack_at.strftime("%Y-%m-%d %H:%M:%S"),
                    _acknowledgement(answers, style, placed, user.name, topic, reference, ack_at) + quote,
                    body_part_id=msg_id + 5,
                    subject=f"Acknowledgement: {reference}",
                )
            if state != "waiting_response":
                reply_at = sent_at + timedelta(days=rnd.randint(5, 35), minutes=rnd.randrange(600))
                if placed is None:
                    text = (
                        f"Dear {user.name},\n\nThank you for your request about {topic}. "
                        f"Our reference is {reference}.\n\nYours sincerely,\n\nInformation Governance Team"
                    )
                else:
                    text = _answer(answers, style, placed, user.name, topic, year, reference, state)
                b.response(msg_id + 1, reply_at.strftime("%Y-%m-%d %H:%M:%S"), text + quote, body_part_id=msg_id + 2)
                b.status((reply_at + timedelta(hours=5)).strftime("%Y-%m-%d %H:%M:%S"), state)
                if rnd.random() < 0.15:
                    b.comment(
                        msg_id + 3,
                        (reply_at + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
                        "Useful figures; compare with the previous year.",
                        user=user,
                    )
            thread = b.build()
            thread.url_title = url_title_for(title, taken)
            taken.add(thread.url_title)
            made.append(thread)
        used = {e.id for t in content.threads for e in t.events}
        _assign_event_ids(made, used)
        for thread in made:
            content.add_thread(thread)
    return made


# -- an authority's boilerplate in generated replies ---------------------------------------------

#: where a block goes in a generated reply: above the greeting (external-mail banners, markings),
#: after the answer and before the sign-off line (review and Commissioner paragraphs), after the
#: signature (sign-off blocks, disclaimers; in acknowledgements too), or in acknowledgements only
#: (their help text)
BLOCK_PLACES = ("top", "before_signoff", "after_signature", "acknowledgement")
_DEFAULT_PLACE = {
    "complaint_rights": "before_signoff",
    "disclaimer": "after_signature",
    "signoff_block": "after_signature",
    "other_boilerplate": "acknowledgement",
}
#: share of generated threads (with blocks) whose request is acknowledged before the answer
ACKNOWLEDGED = 0.7


@dataclass(frozen=True)
class ReplyBlock:
    """One block of an authority's boilerplate, and where its replies carry it."""

    category: str  #: complaint_rights, disclaimer, signoff_block or other_boilerplate
    text: str
    place: str  #: one of BLOCK_PLACES


def reply_blocks(blocks: Sequence[tuple[str, str] | tuple[str, str, str]]) -> list[ReplyBlock]:
    """``(category, text)`` or ``(category, text, place)`` tuples as :class:`ReplyBlock`; without a
    place, the category says where the block goes (complaint_rights before the sign-off;
    disclaimer and signoff_block after the signature; other_boilerplate in acknowledgements)."""
    out = []
    for b in blocks:
        category, text = b[0], b[1]
        place = b[2] if len(b) > 2 else _DEFAULT_PLACE.get(category)
        if place not in BLOCK_PLACES:
            raise ValueError(f"no place for a block of category {category!r}: give one of {BLOCK_PLACES}")
        out.append(ReplyBlock(category, text.strip("\n"), place))
    return out


def _at(placed: list[ReplyBlock], *places: str) -> list[str]:
    return [b.text for b in placed if b.place in places]


_OFFICERS = [
    "Jo Bloggs",
    "Sam Patel",
    "Rhian Jones",
    "Callum Reid",
    "Nadia Hussain",
    "Owen Price",
    "Megan Doyle",
    "Tariq Ali",
    "Fiona Grant",
    "Lewis Morgan",
]
_ROLES = [
    "Information Governance Officer",
    "Freedom of Information Officer",
    "Disclosure Officer",
    "Information Rights Adviser",
    "Information Compliance Officer",
    "Records and FOI Assistant",
]
_SIGNOFFS = ["Yours sincerely", "Kind regards", "Regards", "Many thanks", "Best wishes"]
_TEAMS = [
    "Information Governance Team",
    "FOI Team",
    "Information Requests",
    "Information Rights Unit",
    "Data Protection and FOI Office",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_SUBJECTS = [
    "complaints received",
    "cases recorded",
    "applications processed",
    "inspections carried out",
    "reports logged",
    "contracts awarded",
    "incidents attended",
    "referrals made",
]
_UNITS = [
    "the north area",
    "the south area",
    "the central team",
    "our contact centre",
    "the city centre",
    "rural districts",
    "the east depot",
    "the west office",
]


def _date(d: datetime) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


@dataclass
class _HouseStyle:
    """How one authority words what it writes in every reply (its own templates, filled in with
    each request's facts), and who signs."""

    received: str
    reference: str
    due: str
    opening: str
    cost: str
    personal: str
    signoff: str
    team: str
    officers: list[tuple[str, str]]

    @classmethod
    def of(cls, seed: int) -> _HouseStyle:
        r = random.Random(f"house style {seed}")
        pick = r.choice
        return cls(
            received=pick(
                [
                    "Thank you for your request for information about {topic}, which we received on {date}.",
                    "Your request about {topic} reached us on {date} and is being dealt with.",
                    "We have logged your Freedom of Information request concerning {topic} ({date}).",
                    "This is to confirm that your request regarding {topic} arrived on {date}.",
                ]
            ),
            reference=pick(
                [
                    "Your reference number is {ref}; please quote it if you contact us about this request.",
                    "The reference for your request is {ref}.",
                    "Please use reference {ref} in any correspondence about it.",
                ]
            ),
            due=pick(
                [
                    "We will reply by {due} at the latest.",
                    "You should receive our response by {due}.",
                    "The statutory deadline for our reply is {due}.",
                ]
            ),
            opening=pick(
                [
                    "Thank you for your request for information about {topic} in {year}.",
                    "I am writing in reply to your request about {topic} (our reference {ref}).",
                    "Your request about {topic} has been considered under the Freedom of Information Act 2000.",
                    "Please find below our response to your request about {topic}.",
                ]
            ),
            cost=" ".join(
                [
                    pick(
                        [
                            "To answer the rest of your request",
                            "To locate the remaining information",
                            "To answer the other parts of your request",
                        ]
                    ),
                    pick(
                        [
                            "we would need to read about {files} case files by hand.",
                            "we would have to search roughly {files} files manually.",
                            "staff would have to check some {files} records one by one.",
                        ]
                    ),
                    pick(
                        [
                            "At {mins} minutes a file that would take about {hours} hours,",
                            "Allowing {mins} minutes per file, that is around {hours} hours of work,",
                        ]
                    ),
                    pick(
                        [
                            "more than the 18 hours allowed by section 12 of the Act, so we have not done so.",
                            "which is beyond the appropriate limit of 18 hours (£450) under section 12, so this part is "
                            "refused.",
                            "above the cost limit in section 12, so we cannot provide it.",
                        ]
                    ),
                ]
            ),
            personal=pick(
                [
                    "The names of individual staff are withheld under section 40(2): they are personal data "
                    "and their release would not be fair to the people concerned.",
                    "We have removed the names of junior staff, which are exempt under section 40(2) as personal data.",
                    "Staff names below senior manager grade are withheld (section 40(2), personal information).",
                ]
            ),
            signoff=pick(_SIGNOFFS) + pick(["", ","]),
            team=pick(_TEAMS),
            officers=[(name, r.choice(_ROLES)) for name in r.sample(_OFFICERS, 3)],
        )


def _acknowledgement(
    rnd: random.Random,
    style: _HouseStyle,
    placed: list[ReplyBlock],
    requester: str,
    topic: str,
    reference: str,
    when: datetime,
) -> str:
    """An acknowledgement: what it says of this request (received, reference, when due) is content;
    the authority's help text, banner and footer are its blocks."""
    lines = [
        *_at(placed, "top"),
        f"Dear {requester},",
        style.received.format(topic=topic, date=_date(when)),
        style.reference.format(ref=reference),
        style.due.format(due=_date(when + timedelta(days=28))),
        *_at(placed, "acknowledgement"),
        style.signoff,
        style.team,
        *_at(placed, "after_signature"),
    ]
    return "\n\n".join(lines)


def _answer_paragraphs(rnd: random.Random, style: _HouseStyle, topic: str, year: int, state: str) -> list[str]:
    """A few paragraphs of answer, drawn afresh for each request: figures, a table, what is not
    held; a refusal in the authority's own words."""
    n, m = rnd.randint(12, 4800), rnd.randint(12, 4800)
    subject = rnd.choice(_SUBJECTS)
    pool = [
        rnd.choice(
            [
                f"In {year} we recorded {n:,} {subject} relating to {topic}, compared with {m:,} in {year - 1}.",
                f"There were {n:,} {subject} about {topic} in {year} (the year before: {m:,}).",
                f"Our records show {n:,} {subject} for {topic} during {year}.",
            ]
        ),
        rnd.choice(
            [
                f"The total spent on {topic} in {year}/{(year + 1) % 100:02d} was "
                f"£{rnd.randint(2, 900) * 1000 + rnd.randint(0, 999):,}, of which "
                f"£{rnd.randint(1, 90) * 1000:,} went to external suppliers.",
                f"Spending on {topic} came to £{rnd.randint(2, 900) * 1000 + rnd.randint(0, 999):,} in {year}.",
            ]
        ),
        f"{rnd.randint(2, 40)} members of staff work on {topic} ({rnd.randint(2, 30)}.{rnd.randint(0, 9)} full-time "
        f"equivalent), based at {rnd.randint(1, 6)} sites.",
        rnd.choice(
            [
                f"The figures for {year} are provisional until the year-end audit of {topic} records in "
                f"{_MONTHS[rnd.randrange(12)]} {year + 1}.",
                f"Please treat the {year} {topic} figures as provisional: they are audited each "
                f"{_MONTHS[rnd.randrange(12)]}.",
            ]
        ),
        f"Most of the {subject} came from {rnd.choice(_UNITS)}; {rnd.choice(_UNITS)} accounted for "
        f"{rnd.randint(3, 45)} per cent.",
        rnd.choice(
            [
                f"Our policy on {topic} was last reviewed in {_MONTHS[rnd.randrange(12)]} "
                f"{year - rnd.randint(0, 3)}; a copy is attached to this email.",
                f"I attach the current {topic} procedure, approved in {year - rnd.randint(0, 3)}.",
            ]
        ),
        f"Question {rnd.randint(2, 5)}: we do not hold a breakdown of {topic} by "
        f"{rnd.choice(['ward', 'age', 'postcode', 'gender', 'supplier'])}, because our system records them by "
        f"{rnd.choice(['month', 'team', 'category'])} only.",
    ]
    rnd.shuffle(pool)
    paras = pool[: rnd.randint(2, 4)]
    if rnd.random() < 0.5:
        months = rnd.sample(range(12), rnd.randint(3, 6))
        paras.insert(
            rnd.randint(0, len(paras)),
            "\n".join(
                [f"Month | {subject.capitalize()}"]
                + [f"{_MONTHS[k]} {year} | {rnd.randint(0, 400)}" for k in sorted(months)]
            ),
        )
    if state == "not_held":
        paras.insert(
            0,
            f"We have searched our records and we do not hold information about {topic} for {year}: "
            f"responsibility for it passed to {rnd.choice(['the county council', 'a partner agency', 'the combined authority'])} "
            f"in {year - rnd.randint(1, 4)}.",
        )
    elif state in ("rejected", "partially_successful"):
        files, mins = rnd.randint(300, 4000), rnd.randint(3, 12)
        paras.append(style.cost.format(files=f"{files:,}", mins=mins, hours=files * mins // 60))
        if rnd.random() < 0.5:
            paras.append(style.personal)
    if rnd.random() < 0.3:
        paras.append(
            rnd.choice(
                [
                    "I hope this information is helpful.",
                    "I trust this answers your request.",
                    f"Please let me know if anything about the {topic} figures is unclear.",
                ]
            )
        )
    return paras


def _answer(
    rnd: random.Random,
    style: _HouseStyle,
    placed: list[ReplyBlock],
    requester: str,
    topic: str,
    year: int,
    reference: str,
    state: str,
) -> str:
    """A reply that answers (or refuses) with the authority's blocks where it puts them."""
    officer, role = rnd.choice(style.officers)
    lines = [
        *_at(placed, "top"),
        f"Dear {requester},",
        style.opening.format(topic=topic, year=year, ref=reference),
        *_answer_paragraphs(rnd, style, topic, year, state),
        *_at(placed, "before_signoff"),
        style.signoff,
        f"{officer}\n{role}",
        *_at(placed, "after_signature"),
    ]
    return "\n\n".join(lines)


def generated_content(
    n_threads: int,
    *,
    authority_url_name: str = "generated_council",
    seed: int = 0,
    start: str = "2019-01-01",
    blocks: Sequence[tuple[str, str] | tuple[str, str, str]] | None = None,
    authority_name: str | None = None,
) -> SiteContent:
    """Default content plus ``n_threads`` generated requests to one authority (deterministic); with
    ``blocks``, its replies carry that boilerplate (see :func:`add_generated_threads`)."""
    content = default_content()
    add_generated_threads(
        content,
        n_threads,
        authority_url_name=authority_url_name,
        seed=seed,
        start=start,
        blocks=blocks,
        authority_name=authority_name,
    )
    return content
