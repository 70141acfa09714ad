"""Build ``labelled.jsonl``: the hand-labelled evaluation set for the clean step.

Run from the repository root (needs the shared seeds and public test data in /work/shared):

    python tests/data/clean/build_labelled.py

Each output line is one message with the snippets a cleaner must remove (with their category)
and the snippets it must keep. Snippets are compared with whitespace collapsed, so one label
covers differently wrapped copies of a block. Sources are cited per message (see README.md).
The labels say what the issue defines as boilerplate, not what the cleaner happens to do:
greetings, signatures with name and role, acknowledgement text and exemption reasoning are
content.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from scraper.sample.content import SiteContent  # noqa: E402
from scraper.sample.seed_threads import add_generated_threads, default_content  # noqa: E402

SHARED = Path("/work/shared")
OUT = Path(__file__).with_name("labelled.jsonl")

# ---------------------------------------------------------------------------------------------
# Blocks that recur verbatim (modulo wrapping): labelled once, applied wherever they occur.
# ---------------------------------------------------------------------------------------------

BLOCKS: dict[str, tuple[str, list[str]]] = {
    "mps_complaint_pointer": (
        "complaint_rights",
        [
            "COMPLAINT RIGHTS Your attention is drawn to the attached sheet",
        ],
    ),
    "mps_complaint_sheet": (
        "complaint_rights",
        [
            "COMPLAINT RIGHTS Are you unhappy with how your request has been handled",
            "You have the right to require the Metropolitan Police Service (MPS) to review their decision.",
            "Prior to lodging a formal complaint you are welcome to discuss the response with the case officer",
            "you can lodge a complaint with the MPS to have the decision reviewed.",
            "Complaints should be made in writing, within forty (40) working days",
            "FOI Complaint Public Access Office PO Box 57192 London SW6 1SF",
            "In all possible circumstances the MPS will aim to respond to your complaint within 20 working days.",
            "After lodging a complaint with the MPS if you are still dissatisfied",
            "For information on how to make application to the Information Commissioner please visit their website at www.ico.org.uk.",
            "Information Commissioner's Office Wycliffe House Water Lane Wilmslow Cheshire SK9 5AF",
            "Phone: 01625 545 745",
        ],
    ),
    "mps_total_policing": (
        "signoff_block",
        [
            "Total Policing is the Met's commitment to be on the streets",
            "here for London, working with you to make our capital safer.",
        ],
    ),
    "mps_environment": (
        "signoff_block",
        [
            "Consider our environment - please do not print this email unless absolutely necessary.",
        ],
    ),
    "mps_find_us": (
        "signoff_block",
        [
            "Find us at:",
            "Facebook: Facebook.com/metpoliceuk",
            "Twitter: @metpoliceuk",
        ],
    ),
    "mps_notice": (
        "disclaimer",
        [
            "NOTICE - This email and any attachments may be confidential",
            "MPS communication systems are monitored to the extent permitted by law.",
            "Any views or opinions expressed in this communication are solely those of the author",
        ],
    ),
    "mps_copyright": (
        "disclaimer",
        [
            "In complying with their statutory duty under sections 1 and 11",
            "Applications for the copyright owner's written permission",
            "New Scotland Yard, Victoria, London, SW1H 0BG.",
        ],
    ),
    "wdtk_footer": (
        "site_footer",
        [
            "Please use this email address for all replies to this request:",
            "Disclaimer: This message and any reply that you make will be published on the internet.",
            "If you find this service useful as an FOI officer, please ask your web manager",
        ],
    ),
    "wdtk_wrong_address": (
        "site_footer",
        [
            "the wrong address for Freedom of Information requests to",
        ],
    ),
    "gsi_notice": (
        "disclaimer",
        [
            "The original of this email was scanned for viruses by the Government Secure Intranet virus scanning service",
            "On leaving the GSi this email was certified virus free.",
            "Communications via the GSi may be automatically logged, monitored and/or recorded for legal purposes.",
        ],
    ),
    "ips_disclaimer": (
        "disclaimer",
        [
            "This email and any files transmitted with it are confidential",
            "This footnote also confirms that this email message has been swept",
        ],
    ),
    "dh_no_reply_top": (
        "other_boilerplate",
        [
            "Please note: it is not possible to reply to this email. To contact the Department of Health, please visit the 'Contact us' page",
        ],
    ),
    "dh_no_reply_bottom": (
        "other_boilerplate",
        [
            "Please do not reply to this email. To contact the Department of Health,",
            "where you can also view our performance against quarterly service targets.",
        ],
    ),
    "dh_disclaimer": (
        "disclaimer",
        [
            "- - Disclaimer - -",
            "If you are not the intended recipient, any reading, printing, storage, disclosure,",
            "Incoming and outgoing e-mail messages are routinely monitored for compliance with the Department of Health's policy",
        ],
    ),
    "leics_disclaimer": (
        "disclaimer",
        [
            "Internet email is not to be treated as a secure means of communication.",
            "Leicestershire Constabulary monitors all internet email activity and content.",
            "This communication is intended for the addressee(s) only.",
            "© Leicestershire Constabulary",
        ],
    ),
    "surrey_disclaimer": (
        "disclaimer",
        [
            "This email and any attachments with it are intended for the addressee only.",
            "Surrey County Council reserves the right to monitor all incoming and outgoing mail.",
            "it is your responsibility to carry out any checks upon receipt.",
        ],
    ),
    "surrey_visit": (
        "signoff_block",
        [
            "Visit the Surrey County Council website - http://www.surreycc.gov.uk",
        ],
    ),
    "cookie_chrome": (
        "other_boilerplate",
        [
            "Quickly exit this site by pressing the Escape key Leave this site",
            "We use some essential cookies to make our website work.",
            "You can manage your preferences and cookie settings at any time",
            "Your cookie preferences have been saved.",
            "Sorry, there was a technical problem. Please try again.",
            "This site is a beta, which means it's a work in progress",
        ],
    ),
    "nml_letterhead": (
        "other_boilerplate",
        [
            "**BORDER FORCE** NATIONAL MUSEUM",
            "INTERNATIONAL **SLAVERY MUSEUM**",
            "Lady Lever ART GALLERY",
            "Merseyside **maritime museum**",
            "**SUDLEY HOUSE**",
            "Walker Art Gallery",
        ],
    ),
    "show_quoted": ("other_boilerplate", ["show quoted sections"]),
}

# Text that is content wherever it occurs (greetings, signatures, recurring answer text).
KEEP_ALWAYS = [
    "Paul O'Shea Information Manager",
    "James Young SC&O Information Manager",
    "Your request will now be considered in accordance with the Freedom of Information Act 2000",
]
# Not labelled either way (an acknowledgement keeps what it says about this request; the help text
# around it may go): "Some requests may also require either full or partial transference to another
# public authority ..." (generic help) and "Should you have any further enquiries concerning this
# matter, please email me ..." (a contact line, which the collection counts as part of the blocks).

# ---------------------------------------------------------------------------------------------
# Per-message labels: key -> (extra must_remove [(category, snippet)], must_keep [snippets])
# Keys: "<thread url_title>/<position>" for the sample site, "<source>" for the others.
# ---------------------------------------------------------------------------------------------

Q = "quoted"
LABELS: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    # ---- seed 004 (sample site: details_of_the_facial_recognitio)
    "details_of_the_facial_recognitio/0": (
        [],
        [
            "Dear Metropolitan Police Service (MPS),",
            "1) Does the Metropolitan Police have a facial recognition system specific to the Metropolitan Police",
            "14) How successful has the facial recognition system been to the Metropolitan Police?",
            "I appreciate police forces are busy and I am grateful for your attention on this.",
            "Yours faithfully, Pippa King",
        ],
    ),
    "details_of_the_facial_recognitio/1": (
        [],
        [
            "To clarify question 8. Then question 9 and 10 would relate to that answer.",
            "b) people charged with, but not convicted of, an offence.",
            "Apologies for any ambiguities.",
        ],
    ),
    "details_of_the_facial_recognitio/2": (
        [],
        [
            "Dear Ms King",
            "Freedom of Information Request Reference No: 2015030001071",
            "I write in connection with your request for information which was received by the Metropolitan Police Service (MPS) on 12/03/2015.",
            "6) Please advise if the Metropolitan Police carried out a privacy impact assessment for this facial",
            "Yours sincerely",
        ],
    ),
    "details_of_the_facial_recognitio/3": (
        [],
        [
            "Please ignore previous acknowledgement email as this did not contain your full request.",
            "14) How successful has the facial recognition system been to the Metropolitan Police?",
            "Yours sincerely",
        ],
    ),
    "details_of_the_facial_recognitio/4": (
        [],
        [
            "I write in connection with your redefined request for information which was received by the Metropolitan Police Service (MPS) on 12/03/2015.",
            "Out of the quarter of a million people the Metropolitan Police arrest every year;",
        ],
    ),
    "details_of_the_facial_recognitio/5": (
        [
            (
                "complaint_rights",
                "If you are dissatisfied with this response please read the attached paper entitled Complaint Rights",
            ),
        ],
        [
            "I am sorry to inform you that we have not been able to complete our response to your request by the date originally stated",
            "I can now advise you that the amended date for a response is 08/05/2015.",
            "May I apologise for any inconvenience caused.",
        ],
    ),
    "details_of_the_facial_recognitio/6": (
        [],
        [
            "Please could you advise the reason for the delay in not replying to my Freedom of Information request until 8th May."
        ],
    ),
    "details_of_the_facial_recognitio/7": (
        [
            (Q, "------ This is a copy of the message, including all the headers. ------"),
            (Q, "Return-path: <[FOI #259867 email]>"),
            (Q, "Please could you advise the reason for the delay in not replying"),
        ],
        [
            "This message was created automatically by mail delivery software.",
            "A message that you sent could not be delivered to one or more of its recipients.",
            "501 badly formatted RCPT TO user",
        ],
    ),
    "details_of_the_facial_recognitio/8": (
        [],
        [
            "16/4/15 - Sent to the MET Police via their website:",
            "For the attention of Paul O'Shea, Information Manager,",
            "I would very much appreciate the information I have requested before that date",
        ],
    ),
    "details_of_the_facial_recognitio/9": (
        [],
        [
            "I respond in connection with your request for information which was received",
            "This email is to inform you that it will not be possible to respond to your request within the cost threshold.",
            "For question 14 we would have to search through thousands of records",
            "this is set at £450.00.",
            "In accordance with the Freedom of Information Act 2000 (The Act), this email acts as a Refusal Notice.",
            "(1) Section 1 does not oblige a public authority to comply with a request for information",
            "We may be able to answer questions 1-13 subject to any exemptions that may apply.",
        ],
    ),
    "details_of_the_facial_recognitio/10": (
        [],
        [
            "Dear Mr O'Shea",
            "I would express surprise that Q14 cannot be answered.",
            "I appreciated police forces are busy and I do appreciate your time in this.",
        ],
    ),
    "details_of_the_facial_recognitio/11": (
        [
            (Q, "------ This is a copy of the message, including all the headers. ------"),
            (Q, "I would express surprise that Q14 cannot be answered."),
        ],
        ["This message was created automatically by mail delivery software.", "host mail3.met.police.uk"],
    ),
    "details_of_the_facial_recognitio/12": (
        [],
        [
            "Freedom of Information Request Reference No: 2015040001645",
            "I respond in connection with your request for information which was received by the Metropolitan Police Service (MPS) on 24/04/2015.",
            "13) Please advise when the Metropolitan Police started using the facial recognition system.",
            "James Young SC&O Information Manager",
        ],
    ),
    "details_of_the_facial_recognitio/13": (
        [],
        ["I sent the initial Freedom of Information request on the 12th March"],
    ),
    "details_of_the_facial_recognitio/14": (
        [],
        [
            "I write in connection with your request for a review of the original MPS decision relating to 2015030001071",
            "Your request for a review will now be considered in accordance with the Freedom of Information Act 2000",
            "David Edwards Public Access Office",
        ],
    ),
    "details_of_the_facial_recognitio/15": (
        [],
        [
            "I respond in connection with your request for information which was received by the Metropolitan Police Service (MPS) on 24/04/2015.",
            "This email is to inform you that it will not be possible to respond to your request within the cost threshold.",
            "Regarding questions 8a & 8b, the MPS would have to take the names of every person",
            "Performing these searches would be a significant activity",
            "This represents the estimated cost of one person spending 18 hours [at a rate of £25 per hour]",
            "(2) Any public authority which, in relation to the provision of advice or assistance",
            "It should be possible to provide information relating to questions 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12 & 13",
        ],
    ),
    "details_of_the_facial_recognitio/16": (
        [
            (
                "complaint_rights",
                "Should you be dissatisfied with the MPS response to your request, once received, you would still be entitled to request an internal review",
            ),
            (
                "complaint_rights",
                "you have the right to appeal the decision by contacting the Information Commissioner (www.ico.org.uk)",
            ),
        ],
        [
            "Freedom of Information procedural complaint Reference No: 2015040001996",
            "Please find below a full response to your procedural complaint.",
            "MPS delay letter - 14th April 2015",
            "DECISION",
            "The review acknowledges the delay to you receiving a response to your first request",
            "Reason for decision",
            "This view is supported by the Information Commissioner’s Office guidance which states",
            "a failure to respond to your request within the time limit is a breach of section 10(1) of the FoIA",
            "Therefore the review found no procedural errors in regards to your second request",
            "M Lyng FOIA Policy, Research & Review",
        ],
    ),
    "details_of_the_facial_recognitio/17": (
        [],
        ["I have received an internal review and am still waiting for the information"],
    ),
    "details_of_the_facial_recognitio/18": (
        [],
        ["Att: M Lyng", "Thank you for the internal review which I have forwarded to the ICO for their consideration."],
    ),
    "details_of_the_facial_recognitio/19": (
        [],
        [
            "Freedom of Information Request Reference No: 2015050000306",
            "I write in connection with your request for information dated 07/05/2015",
            "* 13) Please advise when the Metropolitan Police started using the facial recognition system.",
            "FoIA Team",
        ],
    ),
    "details_of_the_facial_recognitio/20": (
        [
            (Q, "-----Original Message----- From: Pippa King"),
            (Q, "Thank you for the internal review which I have forwarded to the ICO for their consideration."),
        ],
        [
            "Dear Ms. King, I can confirm receipt of your narrowed request as of todays date (7th May 2015).",
            "Your most recent request has now been logged and will be dealt with under reference 2015050000306.",
            "I hope this now clarifies the matter for you.",
            "M. Lyng FOIA Policy, Research & Review",
        ],
    ),
    "details_of_the_facial_recognitio/21": ([], ["The ICO have been informed of the, yet another, new classification"]),
    "details_of_the_facial_recognitio/22": ([], ["ICO are sending a decision notice to the Metropolitan Police."]),
    "details_of_the_facial_recognitio/23": (
        [],
        [
            "Freedom of Information Request Reference No: 2015050000306",
            "I have today decided to disclose the located information to you in full.",
            'The MPS has a bespoke facial recognition system called the "Facial Recognition System (FRS)."',
            "The MPS FRS stores in excess of 2.9 million images.",
            "L1 Identity Solutions IBIS Face Examiner",
            "Images from MPS sytems are transferred to the FRS.",
            "Privacy impact assessments did not exist as a requirement at the point of going live, therefore this information is not held.",
            "All custody images are kept indefinately unless they are removed under the Early Deletion process.",
            "The MPS response is: 2009",
            "James Young Information Manager",
        ],
    ),
    "details_of_the_facial_recognitio/24": ([], ["Att: Mr James Young,", "Should that read ABIS rather than IBIS?"]),
    "details_of_the_facial_recognitio/25": (
        [
            (Q, "-----Original Message----- From: Pippa King"),
            (Q, "I just have one query with reference to your response to Q3"),
        ],
        ["Apologies - you are correct, it should have read ABIS not IBIS.", "James Young Information Manager"],
    ),
    # ---- National Museums Liverpool thread (sample site)
    "use_of_live_facial_recognition_a/0": ([], ["Dear National Museums Liverpool,"]),
    "use_of_live_facial_recognition_a/1": ([], ["Please could you let me know when I can expect a response."]),
    "use_of_live_facial_recognition_a/2": ([], ["[ Email has no body, please see attachments ]"]),
    # ---- MPS: live facial recognition policies (sample site; seed 001)
    "live_facial_recognition_policies/0": (
        [],
        ["Does your force have any policy guidance relating to automated facial recognition"],
    ),
    "live_facial_recognition_policies/1": (
        [],
        [
            "which is exempt by virtue of Section 22(1) (a) information Intended for Future Publication.",
            "After weighing up the competing interests I have determined that the disclosure of the above information would not be in the public interest.",
            "Section 24(2) National Security",
            "The threat from terrorism cannot be ignored.",
            "2. Yes, the PIA was written in April 2017.",
            "A total of 104 alerts have been generated by the FR system.",
            "102 of these are incorrect system alerts.",
            "5. 30 days",
            "Information Rights Unit",
        ],
    ),
    "live_facial_recognition_policies/2": (
        [],
        [
            "I am writing to request an internal review of Metropolitan Police Service (MPS)'s handling of my FOI request",
            "I do not accept that the public interest favours withholding a document",
        ],
    ),
    "live_facial_recognition_policies/3": (
        [],
        [
            "Freedom of Information Request Reference No: 2018050000912",
            "Your request for a review will now be considered in accordance with the Freedom of Information Act 2000",
            "Public Access Office",
        ],
    ),
    # ---- MPS: retrospective facial recognition (sample site; seed 002 without page chrome)
    "use_of_retrospective_facial_reco/0": ([], ["This request relates to the use of Retrospective Facial Recognition"]),
    "use_of_retrospective_facial_reco/1": (
        [],
        [
            "Section 22(1) - information is held by the public authority with a view to its publication at some future date",
            "We can confirm our plan to use the NEC RFR system.",
            "The MPS has been using PND's RFR capability since 28/03/2014 and continues to do so.",
            "We can confirm the name is “NEO Face Reveal”",
            "The NEC system has not yet been used/trialled.",
            "we therefore consider that this information is exempt pursuant to Section 22 of the FOIA.",
            "Information Rights Unit Metropolitan Police Service",
        ],
    ),
    # ---- MPS: deployments (sample site; seed 003)
    "facial_recognition_deployments_j/0": (
        [],
        ["Questions 1-6 relate to the period January 2022-January 2023.", "Yours faithfully, Sam Okafor"],
    ),
    "facial_recognition_deployments_j/1": (
        [],
        [
            "This email is to inform you that it will not be possible to respond to your request within the cost threshold.",
            "exceed the appropriate limit of £450.00 (18 hours at £25 per hour).",
            "We may be able to answer questions 1-6 subject to any exemptions that may apply.",
            "Information Rights Unit Metropolitan Police Service",
        ],
    ),
    "facial_recognition_deployments_j/2": (
        [
            (Q, "On 6 March 2023, Metropolitan Police Service (MPS) wrote:"),
            (
                Q,
                "> This email is to inform you that it will not be possible to respond to your request within the cost threshold.",
            ),
        ],
        [
            "Dear Information Rights Unit,",
            "Please could you provide the information requested for questions 1-6 subject to any exemptions that may apply except for Q2.",
            "Yours sincerely, Sam Okafor",
        ],
    ),
    "facial_recognition_deployments_j/3": (
        [
            (Q, "On Tue, 7 Mar 2023 at 08:31, Sam Okafor <[FOI #951208 email]> wrote:"),
            (Q, "> Dear Information Rights Unit,"),
        ],
        [
            "Freedom of information request reference no: 01.FOI.23.031597",
            "I have today decided to disclose the located information to you in full.",
            "For Q4 we have taken the question to only be referring to LFR and RFR",
            "Information Rights Unit Metropolitan Police Service",
        ],
    ),
    # ---- Surrey CC (sample site; Alaveteli folding example 8)
    "number_of_cctv_cameras_operated/0": ([], ["Dear Surrey County Council,"]),
    "number_of_cctv_cameras_operated/1": (
        [],
        [
            "I will be out of the office starting 11/04/2008 and will not return until 22/04/2008.",
            "contact Eileen Perren for FOI or DP queries",
        ],
    ),
    "number_of_cctv_cameras_operated/2": ([], ["I have only received an automatic out of office reply."]),
    # ---- Department of Health (sample site; Alaveteli folding example 10)
    "guidance_on_smart_cctv_facial_re/0": ([], ["Please provide copies of any guidance the Department has issued"]),
    "guidance_on_smart_cctv_facial_re/1": (
        [],
        [
            "Apologies that you were not able to read our previous response of 4 October.",
            "Our ref: DE00000642471",
            "Dear Ms Peters Rock,",
            "I should advise you that on this occasion we have not considered your correspondence under the provisions of the Act.",
            "I am sorry I cannot be more helpful.",
            "Simon Dove Customer Service Centre Department of Health",
        ],
    ),
    "guidance_on_smart_cctv_facial_re/2": (
        [],
        ["Please treat my request as a request under the Freedom of Information Act 2000."],
    ),
    "guidance_on_smart_cctv_facial_re/3": (
        [],
        [
            "I am afraid that I have been unable to find any record of the guidance you mention.",
            "who may contact you directly on 020 7210 4850.",
            "Customer Service Centre Department of Health",
        ],
    ),
    "guidance_on_smart_cctv_facial_re/4": (
        [],
        [
            "<script>alert(1)</script>",
            "See also https://www.example.org/cctv/hospitals/guidance-on-surveillance-cameras-2010.pdf",
        ],
    ),
    "guidance_on_smart_cctv_facial_re/5": ([], []),
    # ---- Leicestershire Constabulary (sample site; Alaveteli folding example 7)
    "anpr_cameras_and_read_logs/0": (
        [],
        ["Please provide the number of automatic number plate recognition (ANPR) cameras"],
    ),
    "anpr_cameras_and_read_logs/1": (
        [],
        [
            "Please see attached our response to your request dated 06 March 2008.",
            "Linda Dempsey Information Assistant DP/FOI",
            # her telephone and fax lines are left unlabelled: the collection counts a signature's
            # contact lines as a sign-off block
            "<<0001_00035908_Resp_12RESPONSE LETTER_20080408_112311_01.TIF>>",
        ],
    ),
    # ---- Identity and Passport Service (sample site; Alaveteli folding example 1)
    "facial_images_in_the_national_id/0": (
        [],
        ["Please provide the number of facial images held in the National Identity Register"],
    ),
    "facial_images_in_the_national_id/1": (
        [],
        [
            "Thank you for your email of 26 February. Please find a response attached.",
            "On behalf of James Hall, Chief Executive Identity and Passport Service",
            "<<9032 C Pollard final response.doc>>",
        ],
    ),
    # ---- seeds given directly
    "seed:000": (
        [
            (
                "complaint_rights",
                "If you are dissatisfied with this response you may request an independent internal review",
            ),
            (
                "complaint_rights",
                "If you ask for an internal review, it would be helpful if you could say why you are dissatisfied",
            ),
            (
                "complaint_rights",
                "If you remain dissatisfied after this internal review, you would have a right of complaint to the Information Commissioner",
            ),
        ],
        [
            "Dear Mr Ferris,",
            "Re: FOI request 19/08",
            "I apologise for the delay in responding to your request.",
            "Cameras were installed and images of visitors entering and exiting were collected.",
            "However, no watchlist was obtained. No matching was attempted.",
            "d) How many false positive (incorrect) matches were there during the use of live facial recognition?",
            "5. *Do National Museums Liverpool have any plans to use or trial live facial recognition in the future?*",
            "I hope that this information meets your requirements.",
            "David Spilsbury Director of Finance, Risk & Governance",
        ],
    ),
    "seed:001": (
        [],
        [
            "I have today decided to disclose most of the located information to you in full",
            "In considering whether or not the MPS can confirm (or deny) that this information is held, I have conducted a Prejudice Test",
            "A total of 104 alerts have been generated by the FR system.",
            "The age of the subject is not recorded",
            "I would like to take this opportunity to thank you for your interest in the Metropolitan Police Service.",
            "Information Rights Unit",
        ],
    ),
    "seed:002": (
        [],
        [
            "Freedom of information request reference no: 01.FOI.22.022487",
            "Section 22 exemption applies when the public authority must, at the time of the request, hold the information",
            "We can confirm the name is “NEO Face Reveal”",
            "Pursuant to S.16, the applicant may find the approach taken to equalities issues",
        ],
    ),
    "seed:003": (
        [],
        [
            "Freedom of information request reference no: 01.FOI.23.031597",
            "I have today decided to disclose the located information to you in full.",
            "there have been no deployments so there in is no information held for this question.",
        ],
    ),
    # ---- Alaveteli folding examples (alaveteli-folding/email-folding-example-N.txt)
    "alaveteli:1": (
        [],
        [
            "Dear Mr Pollard,",
            "Thank you for your email of 26 February. Please find a response attached.",
            "On behalf of James Hall, Chief Executive Identity and Passport Service",
            "<<9032 C Pollard final response.doc>>",
        ],
    ),
    "alaveteli:2": ([], ["Preface to the message which we are not interested in", "Important message about cheese"]),
    "alaveteli:3": (
        [
            (
                "disclaimer",
                "This email and any files transmitted with it are private and intended solely for the use of the individual",
            ),
            ("disclaimer", "This email message has been swept for computer viruses."),
        ],
        ["Reference : T3241/8", "Thank you for your e-mail enquiry of 12th February.", "A reply is attached."],
    ),
    "alaveteli:4": (
        [
            ("disclaimer", "The information in this Email and any attachments is personal to the sender"),
            ("disclaimer", "Please note that we cannot guarantee that this message or any attachment is virus free"),
            ("disclaimer", "This email message has been scanned for viruses by Mimecast."),
            ("disclaimer", "Mimecast delivers a complete managed email solution from a single web based platform."),
            ("other_boilerplate", "2. http://www.mimecast.com/"),
        ],
        [
            "<<Freedom of Information request - Contracts or options with Kimberley Developments or Waitrose>>",
            "Arthur Pritchard Property & Assets Manager",
            "Tel: 01625 504234",
            "e-mail: [1][email address]",
        ],
    ),
    "alaveteli:5": (
        [
            ("disclaimer", "Any opinions expressed are not necessarily those of Penwith District Council."),
            ("disclaimer", "If you have received it in error you may not make use of it."),
            (
                "disclaimer",
                "This footnote confirms that this message, and any attachments, have been screened by McAffee Webshield",
            ),
        ],
        [
            "Hi Simon",
            "My apologies for timescale of response.",
            "I have forwarded this and your original request on to Andy England, Development Control Manager to respond independently.",
            "If I can be of further assistance please contact me",
            "Barry Turnbull Environmental Health Co-ordinator (Housing) Housing, Health and Community Safety",
        ],
    ),
    "alaveteli:6": (
        [
            ("signoff_block", "Visit [1]http://www.fco.gov.uk for British foreign policy news and travel advice"),
            ("disclaimer", "We keep and use information in line with the Data Protection Act 1998."),
            ("disclaimer", "may be monitored centrally. This is done to ensure the integrity of the system."),
            ("other_boilerplate", "1. http://www.fco.gov.uk/"),
        ],
        [
            "Dear Mr. Brown,",
            "Please find attached a reply to your FOI request.",
            "Yours ever,",
            "Adetokunbo Ighodaro",
            "<<FOI 0169-08 final.doc>>",
        ],
    ),
    "alaveteli:7": (
        [],
        [
            "Mr Hearne,",
            "Please see attached our response to your request dated 06 March 2008.",
            "Linda Dempsey Information Assistant DP/FOI",
        ],
    ),
    "alaveteli:8": (
        [],
        [
            "I will be out of the office starting 11/04/2008 and will not return until 22/04/2008.",
            "contact Eileen Perren for FOI or DP queries",
        ],
    ),
    "alaveteli:9": (
        [
            ("disclaimer", "Please Note: Incoming and Outgoing E-mail messages are routinely monitored"),
            ("signoff_block", "Interested in Occupational Health & Safety information?"),
            ("signoff_block", "Or contact HSE Infoline on 0845 345 0055"),
        ],
        ["Dear Mr Cross", "Freedom of Information Request Reference No: 2008040590", "MICHAEL HEGARTY", "FOI Officer"],
    ),
    "alaveteli:10": (
        [],
        [
            "Apologies that you were not able to read our previous response of 4 October.",
            "Dear Ms Peters Rock,",
            "I should advise you that on this occasion we have not considered your correspondence under the provisions of the Act.",
            "Simon Dove Customer Service Centre Department of Health",
        ],
    ),
    "alaveteli:11": (
        [
            (Q, "On Thu, Nov 28, 2013 at 9:08 AM, Example User"),
            (Q, "This is the request body."),
            ("other_boilerplate", "5. http://example.com/help/officers"),
        ],
        ["Hello Example,", "This is a reply to your test request Nov 28.", "Regards."],
    ),
}

# Alaveteli example 11 quotes this request (the folding spec builds it that way).
ALAVETELI_11_EARLIER = "Dear Test Authority,\n\nThis is the request body.\n\nYours faithfully,\n\nExample User"

SAMPLE_THREAD_SOURCE = {
    "details_of_the_facial_recognitio": "seed 004 (a real WhatDoTheyKnow thread) as served by the sample site",
    "use_of_live_facial_recognition_a": "sample site thread around seed 000",
    "live_facial_recognition_policies": "sample site thread around seed 001",
    "use_of_retrospective_facial_reco": "sample site thread around seed 002",
    "facial_recognition_deployments_j": "sample site thread around seed 003",
    "number_of_cctv_cameras_operated": "sample site thread around alaveteli-folding example 8",
    "guidance_on_smart_cctv_facial_re": "sample site thread around alaveteli-folding example 10",
    "anpr_cameras_and_read_logs": "sample site thread around alaveteli-folding example 7",
    "facial_images_in_the_national_id": "sample site thread around alaveteli-folding example 1",
}

ALAVETELI_AUTHORITY = {
    1: "identity_and_passport_service",
    2: "synthetic_example",
    3: "central_government_gsi",
    4: "macclesfield_borough_council",
    5: "penwith_district_council",
    6: "foreign_and_commonwealth_office",
    7: "leicestershire_constabulary",
    8: "surrey_county_council",
    9: "health_and_safety_executive",
    10: "department_of_health",
    11: "test_authority",
}


def norm(s: str) -> str:
    return " ".join(s.split())


def label(rec: dict, key: str) -> dict:
    raw_n = norm(rec["raw_text"])
    remove: list[dict] = []
    keep: list[str] = []
    for name, (cat, snippets) in BLOCKS.items():
        present = [s for s in snippets if norm(s) in raw_n]
        if present:
            remove.extend({"category": cat, "text": s, "block": name} for s in present)
    for s in KEEP_ALWAYS:
        if norm(s) in raw_n:
            keep.append(s)
    extra_remove, extra_keep = LABELS.get(key, ([], []))
    for cat, s in extra_remove:
        remove.append({"category": cat, "text": s})
    keep.extend(extra_keep)
    for item in remove:
        if norm(item["text"]) not in raw_n:
            raise SystemExit(f"{key}: must_remove snippet not in the text: {item['text']!r}")
    for s in keep:
        if norm(s) not in raw_n:
            raise SystemExit(f"{key}: must_keep snippet not in the text: {s!r}")
    rec["must_remove"] = remove
    rec["must_keep"] = keep
    return rec


def sample_records(content: SiteContent, *, generated: bool) -> list[dict]:
    out = []
    for t in content.threads:
        is_generated = t.authority.url_name == "generated_council"
        if is_generated != generated:
            continue
        msgs = [e.message for e in t.events if getattr(e, "message", None) is not None]
        for i, m in enumerate(msgs):
            key = f"{t.url_title}/{i}"
            rec = {
                "id": f"sample/{key}",
                "source": (
                    f"sample site generated thread ({t.url_title})"
                    if generated
                    else f"sample site: {SAMPLE_THREAD_SOURCE.get(t.url_title, t.url_title)}"
                ),
                "authority": t.authority.url_name,
                "thread": f"sample/{t.url_title}",
                "position": i,
                "kind": m.kind,
                "requester_name": t.user.name if t.user else None,
                "raw_text": "".join(seg for seg, _q in m.segments),
            }
            out.append(label(rec, key))
    return out


def main() -> None:
    records: list[dict] = []
    records += sample_records(default_content(), generated=False)
    seeds = {p.name[:3]: p for p in (SHARED / "seeds").glob("00[0-3]_*.txt")}
    seed_authority = {
        "000": "national_museums_liverpool",
        "001": "metropolitan_police",
        "002": "metropolitan_police",
        "003": "metropolitan_police",
    }
    for n in ("000", "001", "002", "003"):
        rec = {
            "id": f"seed/{n}",
            "source": f"shared/seeds/{seeds[n].name}",
            "authority": seed_authority[n],
            "thread": f"seed/{n}",
            "position": 0,
            "kind": "incoming",
            "requester_name": None,
            "raw_text": seeds[n].read_text(encoding="utf-8"),
        }
        records.append(label(rec, f"seed:{n}"))
    folding = SHARED / "data" / "alaveteli-folding"
    for n in range(1, 12):
        raw = (folding / f"email-folding-example-{n}.txt").read_text(encoding="utf-8")
        thread = f"alaveteli/{n}"
        if n == 11:
            records.append(
                {
                    "id": "alaveteli/11-request",
                    "source": "request quoted by alaveteli-folding example 11",
                    "authority": "test_authority",
                    "thread": thread,
                    "position": 0,
                    "kind": "outgoing",
                    "requester_name": "Example User",
                    "raw_text": ALAVETELI_11_EARLIER,
                    "must_remove": [],
                    "must_keep": ["This is the request body."],
                }
            )
        rec = {
            "id": f"alaveteli/{n}",
            "source": f"mysociety/alaveteli spec/fixtures/files/email-folding-example-{n}.txt (commit 351eb61e)",
            "authority": ALAVETELI_AUTHORITY[n],
            "thread": thread,
            "position": 1 if n == 11 else 0,
            "kind": "incoming",
            "requester_name": "Example User" if n == 11 else None,
            "raw_text": raw,
        }
        records.append(label(rec, f"alaveteli:{n}"))
    # generated sample-site threads: one authority, many requests (exercises mining and quoted
    # "-----Original Message-----" history)
    gen = default_content()
    add_generated_threads(gen, 12, seed=0)
    for rec in sample_records(gen, generated=True):
        raw = rec["raw_text"]
        if rec["kind"] == "incoming":
            m = re.search(r"-----Original Message-----\nFrom: [^\n]+\n\n(Please provide information about [^\n]+)", raw)
            if m:
                rec["must_remove"].append({"category": "quoted", "text": "-----Original Message-----"})
                rec["must_remove"].append({"category": "quoted", "text": m.group(1)})
            first = raw.split("\n\n")[1]
            rec["must_keep"] += [raw.split("\n")[0], first, "Information Governance Team"]
        elif rec["kind"] == "outgoing":
            rec["must_keep"] += [raw.split("\n\n")[1]]
        else:
            rec["must_keep"] += [raw.strip()]
        records.append(rec)
    with OUT.open("w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    auths = {r["authority"] for r in records}
    print(
        f"{len(records)} messages, {len({r['raw_text'] for r in records})} distinct texts, "
        f"{len(auths)} authorities -> {OUT}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
