"""Sentences and answers for the semantic-layer tests: red-flag paraphrases, near misses, and
paraphrase pairs of whole answers. Written for the tests, in words that appear in neither the
exemplar bank (prompts/offline_exemplars.yaml) nor any eval file."""

from __future__ import annotations

from interview_coach.models import InterviewContext

CONTEXT = InterviewContext(
    role="account manager",
    company="Brightwell Logistics",
    company_blurb="freight software for small hauliers",
)
OPENING = "Thanks for having me, I'm excited about this role. "

# flag id -> three paraphrases of the same red flag
FLAG_PARAPHRASES: dict[str, list[str]] = {
    "stepping_stone": [
        "To be honest I don't expect to stick around for more than about a year.",
        "I see this job as a way to get some experience before I move somewhere bigger.",
        "I'll likely be here for twelve months or so and then look for my next move.",
    ],
    "school_or_business": [
        "In a couple of years I'm planning to head back to university for a master's.",
        "My longer plan is to leave and open a little café of my own.",
        "I'm hoping to get into nursing school next year, so this would tide me over.",
    ],
    "money_only": [
        "What I really care about is getting paid as much as possible.",
        "The salary is honestly the thing that attracted me to this job.",
        "My main goal is to keep increasing what I earn every year.",
    ],
    "wants_your_job": [
        "Honestly, I'd like to be doing your job within a couple of years.",
        "My aim is to take my manager's place as soon as I can.",
        "I'm after the position you're in right now.",
    ],
    "grandiose": [
        "Within three years I intend to be running this whole company.",
        "By next year I expect to be made a vice president.",
        "I plan to be chief executive of a major corporation before I turn thirty.",
    ],
    "negativity": [
        "My current boss is hopeless and the whole place is badly run.",
        "The people I work with now are lazy and I'm tired of covering for them.",
        "I can't stand my current employer, they treat everyone terribly.",
    ],
}
# The flag id each group of paraphrases must raise: the group's own.
FLAG_ID = {k: k for k in FLAG_PARAPHRASES}

NEAR_MISSES = [
    "I'd love to grow into leading a team here.",
    "In four or five years I'd like to be a senior account manager.",
    "I'd like to take a part-time logistics certificate while I work here.",
    "Fair pay matters to me, but it's the customers that made me apply.",
    "My last manager taught me a lot about handling difficult clients.",
    "I want to stay and grow with this company for many years.",
    "One day I'd like to step up into a management role once I've earned it.",
    "I want to help our clients save money on their freight costs.",
    "I'm confident in my Excel skills after four years of building budget models.",
    "I've had good results in my last role and I'd like to build on them here.",
]

NO_GOALS = [
    "Honestly I haven't really thought about where my career is going.",
    "I don't have any particular goals, I just go with the flow.",
    "I'm not sure, I'll just see what happens I suppose.",
]

# (original, paraphrase): the same answer in other words
PARAPHRASE_PAIRS: list[tuple[str, str]] = [
    (
        "Thank you for inviting me, I'm really excited about this role. In my first year I want "
        "to learn your platform inside out and look after twenty haulier accounts on my own. "
        "Longer term, in about five years, I'd like to lead a small account team. Your focus on "
        "freight software for small hauliers is why I applied, because I grew up in a trucking "
        "family. I'm keen to learn from your senior account managers, especially on renewals. "
        "I'm committed to helping your customers get more value from the product.",
        "Thanks so much for having me, this job genuinely appeals to me. Over the first twelve "
        "months my aim is to master your platform and manage about twenty haulier clients "
        "myself. Further ahead, five years or so, I hope to be running a small account team. I "
        "applied because you build freight software for small hauliers, and my family ran "
        "lorries when I was growing up. I'd love to pick up how your senior account managers "
        "handle renewals. I'm determined to help your customers get more out of the product.",
    ),
    (
        "I appreciate the chance to talk. Right now I want to get good at handling client "
        "calls and solving problems quickly. Later on I'd like to move into a specialist role. "
        "I like what your company does. I want to keep learning. I'll work hard for the team.",
        "Thanks for the opportunity to chat. My immediate goal is to become skilled at dealing "
        "with customer calls and fixing issues fast. Down the line I'd like to grow into a "
        "specialist position. What your business does appeals to me. I'd like to keep growing "
        "my skills. I'll put in the effort for the team.",
    ),
    (
        "Honestly I'm mainly here for the salary. I don't know much about the company. I'll "
        "probably stay a year and then find something better paid.",
        "To be frank, the pay is the main reason I'm here. I haven't looked into the company "
        "much. I'll most likely leave after a year for a job that pays more.",
    ),
]
