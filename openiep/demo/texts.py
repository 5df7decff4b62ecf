"""Words for the synthetic cases: what teachers, case managers and evaluators write, in several versions.

Placeholders: ``{name}`` the student's first (or preferred) name, ``{pos}``/``{obj}`` the possessive and
object pronouns (his/him, her/her, their/them: texts never need the subject pronoun), ``{grade}`` "grade 3"
or "kindergarten", ``{parent}`` the parent's name, ``{school}``. Everything is invented.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------- pre-referral
CONCERN = {
    "reading": (
        "{name} reads {grade} passages slowly, word by word, and guesses at longer words from the first letter. "
        "{name} avoids reading aloud and often cannot retell what was just read.",
        "{name} still confuses letter sounds (b/d, short vowels) and cannot blend three-sound words reliably. "
        "Independent reading time is spent flipping pages.",
        "{name} decodes well enough but does not understand what {pos} reads: answers to questions about a "
        "passage are guesses, and {pos} classwork in science and social studies suffers.",
        "{name} scored well below the benchmark on the fall reading screener and has not caught up; "
        "{pos} spelling shows the same gaps.",
    ),
    "writing": (
        "{name} writes one or two short sentences when the class writes a paragraph. Letters are poorly formed, "
        "words run together and spelling is hard to read.",
        "{name} has ideas when talking but cannot get them on paper: written work is unfinished, without "
        "punctuation, and {name} becomes upset when asked to write.",
        "Written assignments from {name} are far shorter than classmates' and often missing; when finished, "
        "they are hard to follow.",
    ),
    "math": (
        "{name} counts on fingers for basic addition and subtraction facts and does not yet understand place "
        "value, so multi-digit problems go wrong.",
        "{name} cannot solve word problems even when the computation is easy: choosing the operation is the "
        "difficulty. Unit test scores are well below the class.",
        "{name} scored in the lowest tenth on the fall math screener and struggles with math facts, fractions "
        "and multi-step problems.",
    ),
    "attention": (
        "{name} has trouble staying with a task for more than a few minutes, loses materials and rarely "
        "finishes independent work without an adult nearby.",
        "{name} calls out, leaves {pos} seat often and misses directions; work is started but not finished.",
        "{name} is easily distracted and forgets multi-step directions; homework is often missing even when "
        "{name} says it was done.",
    ),
    "social_emotional": (
        "{name} has frequent outbursts when frustrated (crying, throwing materials, leaving the room), "
        "several times a week, and has trouble calming down.",
        "{name} is withdrawn, rarely talks to classmates, and has been tearful and anxious before tests and "
        "presentations. Attendance has slipped.",
        "{name} argues with adults and peers and has had several office referrals this year for conflicts "
        "at recess and in the lunchroom.",
    ),
    "communication": (
        "{name} is hard to understand: several sounds are replaced (w for r, t for k), and classmates often "
        "ask {obj} to repeat.",
        "{name} uses short, simple sentences, has trouble finding words and following oral directions, and "
        "struggles to retell a story in order.",
        "{name} understands less of what is said in class than classmates: {name} watches others to know what "
        "to do and answers questions off topic.",
    ),
    "motor": (
        "{name}'s handwriting is very hard to read; {name} grips the pencil tightly, tires quickly and avoids "
        "cutting and drawing tasks.",
        "{name} is clumsy on the playground and in PE, trips often, and needs help with zippers and buttons.",
    ),
    "adaptive": (
        "{name} needs adult help with classroom routines that classmates do alone (unpacking, lining up, "
        "getting materials) and with self-care at lunch.",
        "{name} has difficulty following the daily routine and needs step-by-step prompting for most tasks.",
    ),
    "cognitive": (
        "{name} learns new skills much more slowly than classmates across subjects and forgets them quickly "
        "without constant review.",
        "{name} has difficulty with reasoning and problem solving in every subject, not only in reading or math.",
    ),
}

# area -> (strategy, measure, unit, baseline range, goal change range, lower is better, tier)
INTERVENTIONS = {
    "reading": (
        ("Repeated reading with a partner and corrective feedback", "Oral reading fluency probe, grade-level "
         "passages", "words correct per minute", (25, 70), (18, 35), False, 2),
        ("Phonics small group: decoding and blending (explicit, systematic)", "Nonsense word fluency probe",
         "correct letter sounds per minute", (12, 35), (15, 30), False, 2),
        ("Reading comprehension strategy group: predicting, questioning, summarising", "Maze comprehension probe",
         "correct choices in 3 minutes", (4, 10), (6, 10), False, 2),
        ("Intensive one-to-one structured literacy lessons", "Oral reading fluency probe, instructional-level "
         "passages", "words correct per minute", (20, 50), (15, 30), False, 3),
    ),
    "writing": (
        ("Self-regulated strategy development (SRSD) for paragraph writing", "Curriculum-based writing probe, "
         "3 minutes", "correct writing sequences", (6, 18), (10, 16), False, 2),
        ("Daily sentence-combining and dictation practice", "Total words written in 3 minutes", "words written",
         (10, 25), (10, 20), False, 2),
    ),
    "math": (
        ("Math facts fluency practice with self-graphing", "Math computation probe, mixed facts",
         "digits correct in 2 minutes", (8, 22), (10, 20), False, 2),
        ("Concrete-representational-abstract small group on place value", "Math concepts and applications probe",
         "points correct", (4, 12), (6, 10), False, 2),
        ("Intensive one-to-one number sense lessons", "Quantity discrimination probe", "correct in 1 minute",
         (8, 20), (10, 16), False, 3),
    ),
    "attention": (
        ("Check-in/check-out with a daily behaviour report card", "Daily behaviour report card",
         "% of points earned", (40, 60), (20, 35), False, 2),
        ("Self-monitoring of on-task behaviour with a vibrating timer", "Momentary time-sampling observation",
         "% of intervals on task", (35, 55), (25, 40), False, 2),
    ),
    "social_emotional": (
        ("Small-group social skills lessons with the school counsellor", "Office discipline referrals",
         "referrals per week", (3, 5), (2, 4), True, 2),
        ("Zones of Regulation lessons and an individual calm-down plan", "Classroom outbursts (teacher tally)",
         "outbursts per week", (4, 9), (3, 7), True, 2),
        ("Check-in/check-out with a mentor", "Daily behaviour report card", "% of points earned", (35, 55),
         (25, 40), False, 2),
    ),
    "communication": (
        ("Classroom language supports: visuals, modelled vocabulary, repeated directions",
         "Curriculum vocabulary probe", "% of words correct", (30, 50), (25, 40), False, 1),
        ("Articulation practice in class, five minutes a day", "Target sound in words probe", "% correct",
         (25, 45), (30, 45), False, 2),
    ),
    "motor": (
        ("Handwriting practice with adapted paper and a pencil grip", "Legible letters in a copying task",
         "% of letters legible", (35, 55), (25, 40), False, 2),
    ),
    "adaptive": (
        ("Visual schedule and a task checklist for classroom routines", "Routine steps completed independently",
         "% of steps", (30, 50), (25, 40), False, 2),
    ),
}
INTERVENTION_AREA_FALLBACK = {"cognitive": "reading", "health": "attention", "vision_hearing": "reading",
                              "other": "reading", "transition": "writing"}

ACCOMMODATIONS = {
    "reading": ("Directions and test questions read aloud", "Audio versions of grade-level texts",
                "Shorter reading passages with key words highlighted"),
    "writing": ("Graphic organiser before writing", "Speech-to-text for longer assignments",
                "Reduced copying from the board"),
    "math": ("Multiplication chart and number line on the desk", "Fewer problems per page",
             "Worked examples kept at hand"),
    "attention": ("Seat near the teacher, away from the door", "Directions broken into steps, checked back",
                  "Movement breaks every 20 minutes"),
    "social_emotional": ("A calm-down corner and a break card", "Warning before transitions",
                         "Daily check-in with a trusted adult"),
    "communication": ("Visual supports and modelled answers", "Extra wait time before answering",
                      "Directions repeated one to one"),
    "motor": ("Pencil grip and slant board", "Copies of notes instead of copying", "Extra time for written work"),
    "adaptive": ("Picture schedule on the desk", "A buddy for transitions"),
    "cognitive": ("Pre-teaching of new vocabulary", "Extra practice and frequent review"),
}
ACCOMMODATION_NOTES = {
    "yes": ("Helps: {name} finishes more of the work with it.", "Clearly helpful; keep it."),
    "partly": ("Helps on good days; not enough on its own.", "Some improvement, but {name} still needs adult help."),
    "no": ("No visible change in {pos} work.", "Tried for several weeks without a difference."),
    "too_early": ("Started recently.", ""),
}

REVIEW_ATTENDEES = (
    "Classroom teacher, intervention specialist, principal, parent",
    "Classroom teacher, reading specialist, school counsellor",
    "Grade-level team, intervention specialist, parent (by phone)",
    "Classroom teacher, MTSS coordinator, school psychologist, parent",
)
REVIEW_CONTINUE = (
    "Scores are rising toward the goal; keep the intervention as it is and check again in six weeks.",
    "Progress is steady but slow; continue and add a second weekly session if it flattens.",
)
REVIEW_CHANGE = (
    "Moved from tier 2 to tier 3: smaller group, daily sessions, more explicit instruction.",
    "Changed the program: the first one did not match {name}'s needs. Same measure, new goal line.",
    "Increased from three to five sessions a week and added a home practice sheet.",
)
REVIEW_REFER = (
    "After {weeks} weeks of intervention {name} went from {first} to {last} {unit} (goal {goal}). The gap with "
    "classmates is not closing despite good attendance and instruction. The team suspects a disability and "
    "refers {name} for a special-education evaluation.",
    "{name}'s data ({first} to {last} {unit} in {weeks} weeks) show too little growth to reach the goal of "
    "{goal}. The parent agrees with a referral for an evaluation.",
)

# ---------------------------------------------------------------------------------------------- referral
REFERRAL_REASONS = {
    "parent": (
        "{parent} asked in writing for an evaluation: \"{name} works so hard but still cannot keep up, and "
        "homework ends in tears every night. We want to know why.\"",
        "{parent} wrote to the principal asking that {name} be tested for a learning disability; an older "
        "sibling was identified with dyslexia.",
        "{parent} requested an evaluation after a private tutor noticed the same difficulties the teacher had "
        "raised at conferences.",
    ),
    "teacher": (
        "The classroom teacher refers {name}: {concern}",
        "Referred by the teacher after a term of classroom support: {concern}",
    ),
    "school_staff": (
        "The school counsellor refers {name} after several incidents this year: {concern}",
        "The intervention specialist refers {name}: {concern}",
    ),
    "doctor": (
        "{referrer} wrote that {name} was diagnosed with {diagnosis} and asked the school to evaluate {pos} "
        "needs at school.",
        "{referrer} recommends an evaluation: {concern}",
    ),
    "daycare": (
        "The preschool teacher at {referrer} reports that {name} {preschool}",
    ),
    "agency": (
        "A caseworker from {referrer} asks for an evaluation: {concern}",
    ),
    "other": (
        "{referrer} suggested an evaluation: {concern}",
    ),
}
PRESCHOOL = (
    "speaks in one- or two-word phrases and is hard to understand, while classmates use full sentences.",
    "does not play with other children, lines up toys, and becomes very upset at changes of routine.",
    "is behind classmates in most skills: holding a crayon, naming colours, following simple directions.",
)
DIAGNOSES = {
    "specific_learning_disability": "dyslexia",
    "speech_language_impairment": "a language disorder",
    "developmental_delay": "a global developmental delay",
    "intellectual_disability": "an intellectual disability",
    "other_health_impairment": "ADHD, combined presentation",
    "autism": "autism spectrum disorder",
    "traumatic_brain_injury": "a traumatic brain injury after a car accident",
    "hearing_impairment": "a moderate bilateral hearing loss",
    "deafness": "profound hearing loss",
    "visual_impairment": "low vision",
    "orthopedic_impairment": "cerebral palsy",
    "multiple_disabilities": "a genetic syndrome affecting several areas of development",
    "emotional_disturbance": "an anxiety disorder",
}
AGENCIES = ("County Children's Services", "the county Board of Developmental Disabilities",
            "Riverside Family Counseling Center")
CHILD_CARE = ("Little Acorns Child Care Center", "Sunshine Early Learning", "Head Start, Millbrook Center",
              "Bright Beginnings Preschool")
OTHER_REFERRERS = ("A private tutor", "The family's therapist", "The after-school program director")

# ---------------------------------------------------------------------------------------------- notices
PROPOSE_REASONS_EXTRA = (
    "The team agrees there is reason to suspect a disability, and an evaluation is the way to find out what "
    "{name} needs.",
    "General-education supports alone have not been enough, and the team wants a full picture of {name}'s "
    "strengths and needs.",
    "{name}'s difficulties affect {pos} learning in more than one class.",
    "",
)
PROPOSE_DATA = (
    "Progress-monitoring data: {strategy}, {n} scores from {first_on} to {last_on}, from {first} to {last} "
    "{unit} (goal {goal}).",
)
BASIS_RECORDS = (
    "Report cards and classroom work samples from this year.",
    "Results of the fall screening given to every student.",
    "State assessment results from last spring.",
    "The classroom teacher's observations.",
    "Attendance records (no pattern of absences that would explain the concerns).",
    "The parent's description of {name}'s development and of what they see at home.",
    "Vision and hearing screening results on file.",
)
PROPOSE_OPTIONS = (
    "The team considered continuing to support {name} in the general-education classroom without an "
    "evaluation. It rejected this because the concerns need an evaluation to find out whether {name} has a "
    "disability and needs special education.",
    "The team considered a few more weeks of the current intervention first. It rejected this because the "
    "data already show too little progress, and waiting would only delay help.",
    "The team considered a Section 504 plan. It rejected this for now: a 504 plan would not tell us whether "
    "{name} needs specially designed instruction.",
)
PROPOSE_OTHER = (
    "No other factors were relevant to this proposal.",
    "None.",
    "{name} has good attendance and has been in the district since {since}.",
)
PROPOSE_OTHER_EL = (
    "{name} is learning English. Tests will be given in the form most likely to give accurate information "
    "(34 CFR 300.304(c)(1)(ii)), with an interpreter in {language} where needed.",
)
PROPOSE_OTHER_INTERPRETER = (
    "The family prefers {language}: this notice is translated and an interpreter will be at every meeting.",
)
REFUSE_REASONS = (
    "{name} is responding well to the general-education intervention now in place ({strategy}): {pos} scores "
    "rose from {first} to {last} {unit} and are close to the goal of {goal}. The team does not suspect a "
    "disability at this time.",
    "{name}'s grades, classroom work and screening results are in the average range. The difficulties "
    "described happen mostly at home; at school {name} follows routines and completes work like classmates, "
    "so the team does not suspect a disability that affects {pos} education.",
    "{name} missed many school days this year after a family move, and the difficulties match the instruction "
    "missed. The school will provide tutoring and review {pos} progress in eight weeks before considering an "
    "evaluation.",
    "{name} is new to English, and the difficulties described are those expected while learning a new "
    "language. English-language development services have been increased; the team will look again at the "
    "data in the spring.",
)
REFUSE_OPTIONS = (
    "Evaluating now was considered and rejected because the data show {name} is making progress with "
    "general-education support. Continuing the intervention, with a team review every six weeks, was chosen.",
    "A Section 504 referral was considered and rejected for now: {name} is accessing instruction without "
    "accommodations. The team will reconsider if that changes.",
    "Evaluating now was considered and rejected; tutoring and closer contact with the family were chosen "
    "first, with a review date set.",
)
REFUSE_OTHER = (
    "You may ask again for an evaluation at any time, especially if the difficulties continue or new ones "
    "appear.",
    "The team will meet again in eight weeks to look at new data; you are invited.",
)

# ---------------------------------------------------------------------------------------------- consent
ATTEMPTS = {
    "phone": ("Called {parent}; no answer, left a voicemail about the consent form.",
              "Spoke with {parent}, who has questions about the evaluation and will call back.",
              "Called the number on file; it is disconnected. Sent a letter instead."),
    "letter": ("Mailed a second copy of the consent form and the notice with a stamped return envelope.",
               "Sent the consent form home in {name}'s folder, with a note."),
    "email": ("Emailed the consent form and the notice to {parent}; no reply.",
              "Emailed a reminder with the evaluation explained in plain words."),
    "portal": ("Posted the consent request on the family portal; not opened yet.",),
    "home_visit": ("Home visit with the school social worker; nobody home, left the forms at the door.",
                   "Home visit: talked with {parent}, who wants time to think about it."),
    "in_person": ("Met {parent} at pick-up and went through the consent form; {parent} took it home.",),
}
REFUSAL_NOTES = (
    "{parent} does not want {name} tested now and prefers to continue the classroom interventions.",
    "{parent} is worried about a label following {name} and declined for this school year.",
    "The family wants to wait until the end of the semester and may ask again then.",
    "{parent} declined after a meeting: they will pursue a private evaluation first.",
)
NO_RESPONSE_NOTES = (
    "No answer after repeated attempts by phone, letter and email.",
    "Several attempts, no response; the team will keep trying at conferences.",
)

# ---------------------------------------------------------------------------------------------- evaluation
INSTRUMENTS = {
    "reading": "Woodcock-Johnson IV Tests of Achievement (reading subtests); oral reading fluency probes; "
               "review of intervention data; classroom observation",
    "writing": "Woodcock-Johnson IV Tests of Achievement (writing subtests); writing samples; teacher interview",
    "math": "Woodcock-Johnson IV Tests of Achievement (math subtests); math probes; review of classroom work",
    "cognitive": "Wechsler Intelligence Scale for Children, Fifth Edition (WISC-V); record review",
    "cognitive_young": "Differential Ability Scales, Second Edition (DAS-II), early years battery; parent interview",
    "communication": "Clinical Evaluation of Language Fundamentals, Fifth Edition (CELF-5); language sample; "
                     "Goldman-Fristoe Test of Articulation 3; teacher checklist",
    "social_emotional": "Behavior Assessment System for Children, Third Edition (BASC-3) parent and teacher "
                        "rating scales; classroom observations; student interview",
    "attention": "Conners 4 rating scales (parent, teacher); BRIEF-2; classroom observation",
    "adaptive": "Vineland Adaptive Behavior Scales, Third Edition (parent and teacher forms)",
    "motor": "Beery-Buktenica Developmental Test of Visual-Motor Integration (Beery VMI); Bruininks-Oseretsky "
             "Test of Motor Proficiency, Second Edition (BOT-2); handwriting sample",
    "health": "Health history from the parent; review of medical records by the school nurse",
    "vision_hearing": "Vision and hearing screening; audiology or eye report from the family's doctor",
    "other": "Record review and interviews",
    "transition": "Transition interest inventory; student interview",
}
# area -> ((measure, kind), ...): kind "ss" standard score (100, 15), "t" T-score (50, 10, high = concern),
# "scaled" scaled score (10, 3)
MEASURES = {
    "reading": (("WJ IV Letter-Word Identification", "ss"), ("WJ IV Passage Comprehension", "ss"),
                ("WJ IV Oral Reading Fluency", "ss")),
    "writing": (("WJ IV Spelling", "ss"), ("WJ IV Writing Samples", "ss"), ("WJ IV Sentence Writing Fluency", "ss")),
    "math": (("WJ IV Calculation", "ss"), ("WJ IV Applied Problems", "ss"), ("WJ IV Math Facts Fluency", "ss")),
    "cognitive": (("WISC-V Full Scale IQ", "ss"), ("WISC-V Verbal Comprehension Index", "ss"),
                  ("WISC-V Fluid Reasoning Index", "ss"), ("WISC-V Working Memory Index", "ss"),
                  ("WISC-V Processing Speed Index", "ss")),
    "cognitive_young": (("DAS-II General Conceptual Ability", "ss"), ("DAS-II Verbal Ability", "ss"),
                        ("DAS-II Nonverbal Ability", "ss")),
    "communication": (("CELF-5 Core Language", "ss"), ("CELF-5 Receptive Language Index", "ss"),
                      ("CELF-5 Expressive Language Index", "ss"), ("GFTA-3 Sounds-in-Words", "ss")),
    "social_emotional": (("BASC-3 TRS Externalizing Problems", "t"), ("BASC-3 TRS Internalizing Problems", "t"),
                         ("BASC-3 PRS Behavioral Symptoms Index", "t")),
    "attention": (("Conners 4 Inattention/Executive Dysfunction (teacher)", "t"),
                  ("Conners 4 Hyperactivity (teacher)", "t"), ("BRIEF-2 Global Executive Composite", "t")),
    "adaptive": (("Vineland-3 Adaptive Behavior Composite", "ss"), ("Vineland-3 Communication", "ss"),
                 ("Vineland-3 Daily Living Skills", "ss"), ("Vineland-3 Socialization", "ss")),
    "motor": (("Beery VMI Visual-Motor Integration", "ss"), ("Beery VMI Motor Coordination", "ss")),
}
AREA_SUMMARY_LOW = (
    "Results in {area} are well below what is expected for {pos} age ({key}). This matches the teacher's "
    "report and the intervention data, and affects {pos} work in class every day.",
    "{name} scored in the {descriptor} range in {area} ({key}), a significant weakness compared with {pos} "
    "other skills.",
)
AREA_SUMMARY_OK = (
    "Results in {area} are within the average range ({key}); this is not an area of need.",
    "{name}'s {area} skills are age-appropriate ({key}).",
)
AREA_SUMMARY_RECORDS = (
    "The records reviewed show nothing that would explain the difficulties on their own.",
    "Passed; no concerns that would affect the other results.",
)

# ---------------------------------------------------------------------------------------------- eligibility
CATEGORY_FINDINGS = {
    "specific_learning_disability": "average thinking and reasoning skills with a significant weakness in "
                                    "{areas} that has not responded to scientific, research-based intervention",
    "speech_language_impairment": "a language or speech-sound disorder that makes {name} hard to understand "
                                  "or limits {pos} understanding and use of language in class",
    "other_health_impairment": "limited alertness to the educational environment due to a diagnosed health "
                               "condition, seen in class every day",
    "autism": "significant differences in social communication and interaction, with restricted and repetitive "
              "behaviour, evident since early childhood",
    "developmental_delay": "delays in two or more areas of development, measured with appropriate instruments",
    "intellectual_disability": "significantly below-average intellectual functioning together with deficits "
                               "in adaptive behaviour",
    "emotional_disturbance": "emotional and behavioural difficulties over a long period and to a marked "
                             "degree, not explained by intellectual, sensory or health factors",
    "multiple_disabilities": "concomitant impairments whose combination causes severe educational needs",
    "hearing_impairment": "a hearing loss that affects {pos} access to spoken language in class",
    "deafness": "a hearing loss so severe that {name} cannot process spoken language through hearing",
    "orthopedic_impairment": "a physical impairment that limits {pos} participation in classroom activities",
    "visual_impairment": "a visual impairment that, even with correction, affects {pos} access to print",
    "traumatic_brain_injury": "an acquired brain injury affecting memory, attention and processing",
    "deaf_blindness": "concomitant hearing and visual impairments",
}
ELIGIBLE_RATIONALE = (
    "The evaluation shows {finding}. Key results: {key}. Teachers report, and the intervention data confirm, "
    "that this affects {pos} progress in the general curriculum. The team, with the parent, agreed that "
    "{name} needs specially designed instruction.",
    "Evidence: {key}; classroom observations; teacher and parent input. Together they show {finding}, with an "
    "adverse effect on {pos} educational performance. General-education supports alone have not been enough.",
)
NOT_ELIGIBLE_RATIONALE = {
    "no_disability": (
        "The evaluation does not show a disability: {key}. {name}'s difficulties are mild and are being "
        "addressed in the classroom.",
        "Results are in the average range ({key}). The team found no disability under 34 CFR 300.8; the "
        "classroom supports now in place will continue.",
    ),
    "no_need": (
        "The evaluation shows {finding}, but {name} is making good progress with classroom accommodations "
        "and does not need specially designed instruction ({key}).",
    ),
    "english": (
        "{name}'s results ({key}) reflect limited English proficiency: the same skills are age-appropriate in "
        "{pos} home language. English-language development services continue.",
    ),
    "reading_instruction": (
        "{name} has had little consistent reading instruction (several schools in two years and long "
        "absences). The determinant factor is lack of appropriate reading instruction ({key}).",
    ),
}
DISSENT_PARENT = (
    "I disagree. {name} still cannot read the homework and I see the struggle every night. I will ask for an "
    "independent educational evaluation.",
    "I do not agree: the tests were given on a bad day and do not show what {name} is like in class.",
)
DISSENT_STAFF = (
    "I believe {name}'s difficulties come mostly from missed instruction this year; I would have continued the "
    "intervention for another term before identifying.",
)
EVALUATION_SUMMARY = (
    "{name} was evaluated in {areas}. {finding_sentence} Strengths: {strengths}. The results were explained to "
    "the family.",
    "Integrated results: {finding_sentence} {name}'s strengths include {strengths}. Detailed results are in "
    "each area's report.",
)
STRENGTHS = ("a warm relationship with adults", "persistence", "visual memory", "drawing and art",
             "interest in science", "kindness to classmates", "oral vocabulary", "sense of humour",
             "sports and movement", "music", "building and construction play")
