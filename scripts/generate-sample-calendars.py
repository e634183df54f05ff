#!/usr/bin/env python3
"""Generate termscale's sample calendars for the academic year 2026-27.

What this models
----------------
A fictional 38,000-student UK university ("University of Northgate", Europe/London time),
laid out like real UK registry and timetabling output:

* calendars/academic-calendar-2026-27.ics
    The registry's term dates as all-day VEVENTs (DTSTART;VALUE=DATE with an exclusive
    DTEND;VALUE=DATE), one CATEGORIES word each: enrolment, teaching, reading-week, vacation,
    exams, resits. Enrolment/welcome fortnight, autumn term with reading week, winter vacation,
    January exams, spring term with reading week, spring vacation, summer revision term,
    May/June exams, summer vacation and the August resit period. The year spans both clock
    changes (25 Oct 2026 fall-back, 28 Mar 2027 spring-forward).
* calendars/exams-2027-01.csv
    The January 2027 exam timetable as an Exams Office CSV export: one row per paper per
    venue, so a paper sat in several rooms (or partly online, or with a small room for
    students with alternative arrangements) has several rows with the same code, date and
    start, each with its own share of the candidates. Day-first dates (12/01/2027), 24-hour
    start times, durations written as "2h", "1.5 Hours" or, for a few rows keyed in by a
    different department, bare minutes ("90"). Titles containing commas are quoted.
* calendars/exams-2027-05.ics
    The May/June 2027 exam timetable as an iCalendar feed from a timetabling system:
    TZID=Europe/London times (all in BST) with a full VTIMEZONE; SUMMARY "CODE Title";
    LOCATION; X-CANDIDATES on most events, only a "Candidates: N" line in DESCRIPTION on some
    online ones; DURATION instead of DTEND on some; a few STATUS:CANCELLED events (papers
    moved to another slot). The system folds lines naively every 75 octets, so a fold can
    fall inside a multi-byte UTF-8 character (RFC 5545 3.1 warns readers to expect this);
    the French-language paper's DESCRIPTION is written so that one does.
* calendars/class-tests-2026-27.ics
    A small feed of in-term timed online class tests next to both clock changes: a weekly
    RRULE (COUNT=6, with reading week EXDATEd) crossing 25 Oct 2026, tests on the Friday
    before and Monday after each change, one weekend test on each change Sunday (at a real
    wall-clock time, never inside 01:00-02:00), and two events in UTC ("Z") as a VLE export
    writes them.

Every wall-clock time is real in Europe/London. Output is deterministic: fixed seeds, a fixed
DTSTAMP, no dependence on the clock or hash order, CRLF line endings; running it twice gives
byte-identical files.

Usage: python3 scripts/generate-sample-calendars.py [--out DIR]   (default: <repo>/calendars)
Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
DTSTAMP = "20260701T090000Z"
DOMAIN = "northgate.example.ac.uk"
CRLF = "\r\n"

# ---------------------------------------------------------------------------------------------
# iCalendar helpers
# ---------------------------------------------------------------------------------------------


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold_safe(line: str) -> bytes:
    """Fold a content line at <= 75 octets, never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    out = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # don't cut before a continuation byte
            cut -= 1
        out.append(data[:cut])
        data = data[cut:]
        limit = 74  # continuation lines start with one space
    out.append(data)
    return b"\r\n ".join(out) + b"\r\n"


def fold_naive(line: str) -> bytes:
    """Fold every 75 octets regardless of UTF-8 boundaries, as some timetabling systems do."""
    data = line.encode("utf-8")
    out = [data[:75]]
    data = data[75:]
    while data:
        out.append(data[:74])
        data = data[74:]
    return b"\r\n ".join(out) + b"\r\n"


def splits_utf8(line: str) -> bool:
    """Whether fold_naive would cut this line inside a multi-byte character."""
    data = line.encode("utf-8")
    cut = 75
    while cut < len(data):
        if (data[cut] & 0xC0) == 0x80:
            return True
        cut += 74
    return False


VTIMEZONE_LONDON = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "X-LIC-LOCATION:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZNAME:BST",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZNAME:GMT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def local_stamp(t: dt.datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%S")


def check_real_wall_clock(t: dt.datetime) -> None:
    """Refuse a Europe/London wall-clock time that is skipped or repeated by a clock change."""
    aware = t.replace(tzinfo=LONDON)
    roundtrip = aware.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    if roundtrip != t:
        raise ValueError(f"{t} does not exist in Europe/London")
    other = t.replace(tzinfo=LONDON, fold=1)
    if aware.utcoffset() != other.utcoffset():
        raise ValueError(f"{t} is ambiguous in Europe/London")


def duration_value(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# ---------------------------------------------------------------------------------------------
# Module catalogue: subject -> level -> titles. Codes are SUBJ + level digit + 3 digits.
# ---------------------------------------------------------------------------------------------

CATALOGUE: dict[str, dict[int, list[str]]] = {
    "MATH": {
        1: ["Mathematics for Scientists", "Calculus I", "Linear Algebra I", "Calculus II",
            "Probability and Statistics I", "Foundations of Pure Mathematics", "Mathematical Methods"],
        2: ["Real Analysis", "Linear Algebra II", "Differential Equations", "Complex Variables",
            "Statistical Inference", "Numerical Methods", "Groups and Rings"],
        3: ["Measure Theory", "Topology", "Partial Differential Equations", "Number Theory",
            "Stochastic Processes", "Fluid Dynamics", "Coding Theory"],
        4: ["Functional Analysis", "Algebraic Geometry", "Advanced Stochastic Calculus"],
    },
    "PHYS": {
        1: ["Classical Mechanics", "Waves, Optics and Oscillations", "Introductory Quantum Physics",
            "Mathematical Physics I", "Thermal Physics"],
        2: ["Electromagnetism", "Quantum Mechanics", "Statistical Mechanics", "Mathematical Physics II",
            "Solid State Physics I", "Astrophysics"],
        3: ["Particle Physics", "Condensed Matter Physics", "General Relativity", "Nuclear Physics",
            "Lasers and Photonics", "Cosmology"],
        4: ["Quantum Field Theory", "Advanced Condensed Matter", "Plasma Physics"],
    },
    "CHEM": {
        1: ["Foundations of Chemistry", "Introductory Organic Chemistry", "Inorganic Chemistry I",
            "Physical Chemistry I", "Chemistry for Life Sciences"],
        2: ["Organic Reaction Mechanisms", "Spectroscopy", "Inorganic Chemistry II",
            "Chemical Thermodynamics", "Analytical Chemistry"],
        3: ["Organometallic Chemistry", "Medicinal Chemistry", "Electrochemistry",
            "Computational Chemistry", "Polymer Chemistry"],
        4: ["Advanced Synthesis", "Catalysis and Green Chemistry", "Supramolecular Chemistry"],
    },
    "BIOL": {
        1: ["Cell Biology", "Genetics and Evolution", "Biodiversity", "Introductory Biochemistry",
            "Ecology"],
        2: ["Molecular Biology", "Microbiology", "Animal Physiology", "Plant Biology", "Immunology",
            "Developmental Biology"],
        3: ["Neurobiology", "Cancer Biology", "Conservation Biology", "Bioinformatics",
            "Virology", "Evolutionary Genomics"],
        4: ["Advanced Genomics", "Systems Biology", "Research Methods in Bioscience"],
    },
    "COMP": {
        1: ["Programming Fundamentals", "Computer Systems", "Discrete Mathematics",
            "Object-Oriented Programming", "Databases", "Web Development"],
        2: ["Algorithms and Data Structures", "Operating Systems", "Software Engineering",
            "Computer Networks", "Theory of Computation", "Human-Computer Interaction"],
        3: ["Machine Learning", "Compilers", "Distributed Systems", "Computer Security",
            "Computer Graphics", "Natural Language Processing"],
        4: ["Deep Learning", "Cloud Computing", "Formal Verification", "Advanced Cryptography"],
    },
    "ECON": {
        1: ["Principles of Economics", "Microeconomics I", "Macroeconomics I",
            "Mathematics for Economists", "Economic History"],
        2: ["Microeconomics II", "Macroeconomics II", "Econometrics I",
            "Money, Banking and Finance", "Public Economics"],
        3: ["Econometrics II", "Development Economics", "Labour Economics",
            "International Trade", "Behavioural Economics", "Industrial Organisation"],
        4: ["Advanced Microeconomic Theory", "Advanced Macroeconomics", "Time Series Econometrics"],
    },
    "LAWS": {
        1: ["Contract Law", "Criminal Law", "Public Law", "Law, Ethics and Society",
            "Legal Skills and Method"],
        2: ["Tort Law", "Land Law", "European Union Law", "Equity and Trusts",
            "Human Rights Law"],
        3: ["Company Law", "Family Law", "Intellectual Property", "Employment Law",
            "Evidence", "Medical Law and Ethics"],
        4: ["International Commercial Arbitration", "Competition Law", "Law of the Sea"],
    },
    "HIST": {
        1: ["Making of the Modern World", "Medieval Europe, 500-1500", "Historical Skills",
            "Britain since 1900"],
        2: ["The Tudors", "Empire and Decolonisation", "The Cold War", "Early Modern Europe",
            "Histories of Science and Medicine"],
        3: ["Revolutionary France", "Weimar and Nazi Germany", "The American Civil War",
            "Gender and Society, 1750-1900", "Slavery and Abolition"],
        4: ["Approaches to Historical Research", "Public History"],
    },
    "ENGL": {
        1: ["Reading Literature", "Introduction to Shakespeare", "Literature and Culture, 1700-1900",
            "Language in Use"],
        2: ["Romanticism", "Victorian Literature", "Modernism", "Renaissance Drama",
            "Creative Writing: Prose"],
        3: ["Contemporary Fiction", "Postcolonial Literatures", "Chaucer and his Contemporaries",
            "Literature and Film", "Gothic Fictions"],
        4: ["Critical Theory", "Textual Editing"],
    },
    "PSYC": {
        1: ["Introduction to Psychology", "Research Methods and Statistics I",
            "Biological Psychology", "Social Psychology I"],
        2: ["Cognitive Psychology", "Developmental Psychology", "Research Methods and Statistics II",
            "Personality and Individual Differences", "Social Psychology II"],
        3: ["Clinical Psychology", "Cognitive Neuroscience", "Forensic Psychology",
            "Health Psychology", "Psychology of Language"],
        4: ["Advanced Quantitative Methods", "Neuroimaging Methods"],
    },
    "MGMT": {
        1: ["Introduction to Management", "Organisational Behaviour", "Business Economics",
            "Marketing Principles", "Quantitative Methods for Business", "Business Law"],
        2: ["Operations Management", "Human Resource Management", "Corporate Finance",
            "Strategic Management", "Consumer Behaviour", "Business Analytics"],
        3: ["International Business", "Entrepreneurship and Innovation",
            "Leadership, Change and Culture", "Supply Chain Management", "Digital Marketing",
            "Corporate Governance"],
        4: ["Global Strategy", "Project Management", "Sustainable Business"],
    },
    "ACCT": {
        1: ["Financial Accounting", "Management Accounting", "Accounting for Non-Specialists"],
        2: ["Intermediate Financial Reporting", "Auditing", "Taxation", "Cost and Performance Management"],
        3: ["Advanced Financial Reporting", "Financial Statement Analysis",
            "Audit, Assurance and Ethics", "Public Sector Accounting"],
        4: ["Forensic Accounting", "International Financial Reporting Standards"],
    },
    "MEDI": {
        1: ["Foundations of Medicine I", "Human Anatomy I", "Medical Biochemistry",
            "Physiology I"],
        2: ["Foundations of Medicine II", "Pathology", "Pharmacology", "Human Anatomy II",
            "Clinical Skills"],
        3: ["Clinical Medicine", "Public Health and Epidemiology", "Neuroscience and Mental Health",
            "Infection and Immunity"],
        4: ["Applied Clinical Knowledge", "Prescribing Safety", "Surgery and Anaesthesia"],
    },
    "NURS": {
        1: ["Foundations of Nursing Practice", "Anatomy and Physiology for Nurses",
            "Health, Illness and Society", "Numeracy for Safe Practice"],
        2: ["Adult Nursing Care", "Mental Health Nursing", "Pharmacology for Nurses",
            "Child and Family Nursing"],
        3: ["Leadership in Nursing", "Complex Care", "Evidence-Based Practice"],
        4: ["Advanced Clinical Practice", "Non-Medical Prescribing"],
    },
    "GEOG": {
        1: ["Physical Geography", "Human Geography", "Geographical Techniques",
            "Environment and Society"],
        2: ["Geomorphology", "Urban Geography", "Geographic Information Systems",
            "Climate Change", "Population Geography"],
        3: ["Glaciology", "Political Ecology", "Hydrology", "Geographies of Development",
            "Remote Sensing"],
        4: ["Advanced Spatial Analysis", "Environmental Policy"],
    },
    "POLI": {
        1: ["Introduction to Politics", "Political Theory", "Comparative Politics",
            "British Politics"],
        2: ["International Relations", "Public Policy", "European Politics",
            "Politics, Power and the State", "Research Methods in Politics"],
        3: ["Security Studies", "Political Economy", "Politics of the Middle East",
            "Elections and Voting", "Global Governance"],
        4: ["International Security", "Theories of Justice"],
    },
    "SOCI": {
        1: ["Introduction to Sociology", "Social Inequality", "Sociological Imagination"],
        2: ["Classical Social Theory", "Sociology of Education", "Crime and Deviance",
            "Race, Ethnicity and Migration", "Quantitative Social Research"],
        3: ["Contemporary Social Theory", "Sociology of Health", "Digital Society",
            "Gender, Work and Family"],
        4: ["Advanced Social Research Design"],
    },
    "ENGI": {
        1: ["Engineering Mathematics I", "Statics and Dynamics", "Electrical Principles",
            "Materials Science", "Engineering Design"],
        2: ["Engineering Mathematics II", "Thermodynamics", "Fluid Mechanics",
            "Control Systems", "Structural Analysis", "Electronics"],
        3: ["Finite Element Analysis", "Heat Transfer", "Power Systems", "Robotics",
            "Signal Processing", "Geotechnical Engineering"],
        4: ["Advanced Control", "Renewable Energy Systems", "Computational Fluid Dynamics"],
    },
    "ARCH": {
        1: ["History of Architecture I", "Architectural Technology I", "Design Studio Theory"],
        2: ["History of Architecture II", "Environmental Design", "Structures for Architects"],
        3: ["Professional Practice", "Urban Design", "Architectural Theory"],
        4: ["Conservation of Historic Buildings"],
    },
    "MUSI": {
        1: ["Music Theory I", "Music History: Baroque to Classical", "Aural Skills"],
        2: ["Harmony and Counterpoint", "Music Analysis", "Music and Technology"],
        3: ["Orchestration", "Ethnomusicology", "Film Music"],
        4: ["Advanced Musicology"],
    },
    "FREN": {
        1: ["French Language I", "Introduction to French Studies"],
        2: ["French Language II", "Études françaises", "Francophone Cinema"],
        3: ["French Language III", "Littérature et société au XIXe siècle", "Translation: French–English"],
        4: ["Advanced French Translation"],
    },
    "GERM": {
        1: ["German Language I", "Deutsch für Anfänger"],
        2: ["German Language II", "Literatur der Weimarer Republik"],
        3: ["German Language III", "Übersetzung Deutsch–Englisch"],
    },
    "SPAN": {
        1: ["Spanish Language I", "Introducción a la cultura hispánica"],
        2: ["Spanish Language II", "Cine español y latinoamericano"],
        3: ["Spanish Language III", "Traducción: español–inglés"],
    },
}

# More modules per subject (semester-specific and joint-honours papers), appended to the lists
# above so the codes of the modules above don't change.
CATALOGUE_EXTRA: dict[str, dict[int, list[str]]] = {
    "MATH": {1: ["Mathematics for Engineers", "Introduction to Proof", "Geometry and Vectors"],
             2: ["Mathematical Modelling", "Regression Analysis", "Vector Calculus", "Graph Theory"],
             3: ["Financial Mathematics", "Galois Theory", "Bayesian Statistics", "Optimisation"],
             4: ["Advanced Probability", "Representation Theory"]},
    "PHYS": {1: ["Electricity and Magnetism I", "Physics of the Universe", "Practical Physics I"],
             2: ["Optics", "Computational Physics", "Nuclei and Particles"],
             3: ["Atomic and Molecular Physics", "Semiconductor Physics", "Biological Physics"],
             4: ["Gravitational Waves"]},
    "CHEM": {1: ["Chemical Bonding", "Practical Chemistry I"],
             2: ["Kinetics and Reaction Dynamics", "Coordination Chemistry", "Heterocyclic Chemistry"],
             3: ["Materials Chemistry", "Biological Chemistry", "Surface Chemistry"],
             4: ["Chemical Biology"]},
    "BIOL": {1: ["Animal Behaviour", "Quantitative Biology", "Human Biology"],
             2: ["Genetics", "Marine Biology", "Biochemistry of Macromolecules", "Parasitology"],
             3: ["Stem Cell Biology", "Plant Pathology", "Behavioural Ecology", "Pharmacogenomics"],
             4: ["Advanced Immunology"]},
    "COMP": {1: ["Mathematics for Computer Science", "Introduction to Data Science",
                 "Professional Skills in Computing"],
             2: ["Functional Programming", "Artificial Intelligence", "Data Engineering",
                 "Mobile Application Development"],
             3: ["Computer Vision", "Quantum Computing", "Parallel Programming",
                 "Information Retrieval", "Embedded Systems"],
             4: ["Reinforcement Learning", "Advanced Algorithms", "Privacy-Enhancing Technologies"]},
    "ECON": {1: ["Statistics for Economists", "The World Economy"],
             2: ["Game Theory", "Environmental Economics", "Economics of Health"],
             3: ["Monetary Economics", "Financial Economics", "Economics of Education",
                 "Applied Econometrics"],
             4: ["Microeconometrics", "Topics in Economic Policy"]},
    "LAWS": {1: ["The English Legal System", "Introduction to International Law"],
             2: ["Administrative Law", "Commercial Law", "Criminal Justice"],
             3: ["Environmental Law", "Media Law", "Immigration and Asylum Law", "Banking Law",
                 "Jurisprudence"],
             4: ["International Human Rights Law", "Law and Technology"]},
    "HIST": {1: ["Global History since 1945", "Early Modern Britain"],
             2: ["The Russian Revolution", "Medieval Kingship", "Modern China", "Atlantic Worlds"],
             3: ["The Crusades", "Fascism in Europe", "Britain and the Second World War"],
             4: ["Oral History"]},
    "ENGL": {1: ["Introduction to Poetry", "Writing about Literature"],
             2: ["Eighteenth-Century Literature", "American Literature", "Children's Literature",
                 "Sociolinguistics"],
             3: ["Milton", "Irish Literature", "Literature and Science", "Forensic Linguistics"],
             4: ["Early Modern Manuscripts"]},
    "PSYC": {1: ["Cognitive Psychology I", "Psychology in Everyday Life", "Statistics for Psychology"],
             2: ["Biological Psychology II", "Perception", "Psychological Testing",
                 "Occupational Psychology"],
             3: ["Developmental Disorders", "Psychopharmacology", "Sleep and Circadian Rhythms",
                 "Memory", "Consumer Psychology"],
             4: ["Clinical Neuropsychology", "Advanced Research Design"]},
    "MGMT": {1: ["Introduction to Business Analytics", "Management and Society", "Accounting for Managers",
                 "Economics for Management"],
             2: ["Management Science", "Business Ethics", "Marketing Research", "Employment Relations",
                 "International Marketing"],
             3: ["Strategic Human Resource Management", "Brand Management", "Risk Management",
                 "Family Business", "Retail Management"],
             4: ["Management Consulting", "Financial Risk Management", "Operations Strategy"]},
    "ACCT": {1: ["Quantitative Methods for Accounting", "Business Finance"],
             2: ["Financial Management", "Accounting Information Systems", "Company Law for Accountants"],
             3: ["Advanced Taxation", "Strategic Management Accounting", "Corporate Reporting"],
             4: ["Accounting Research Methods"]},
    "MEDI": {1: ["Cell and Molecular Medicine", "Medical Ethics and Law", "Behavioural Science"],
             2: ["Cardiovascular and Respiratory Medicine", "Gastroenterology and Nutrition",
                 "Renal and Endocrine Medicine"],
             3: ["Obstetrics and Gynaecology", "Paediatrics", "Psychiatry", "General Practice"],
             4: ["Emergency Medicine", "Critical Care", "Geriatric Medicine"]},
    "NURS": {1: ["Communication in Care", "Professional Values in Nursing", "Introduction to Public Health"],
             2: ["Acute Care Nursing", "Long-term Conditions", "Learning Disability Nursing"],
             3: ["Palliative and End-of-Life Care", "Critical Care Nursing", "Nursing Research Methods"],
             4: ["Advanced Health Assessment"]},
    "GEOG": {1: ["Global Environmental Change", "Introduction to Mapping"],
             2: ["Biogeography", "Economic Geography", "Coastal Processes"],
             3: ["Natural Hazards", "Cultural Geography", "Quaternary Environments",
                 "Geographies of Health"],
             4: ["Climate Modelling"]},
    "POLI": {1: ["Introduction to International Relations", "Democracy and Dictatorship"],
             2: ["American Politics", "Foreign Policy Analysis", "Political Ideologies"],
             3: ["Terrorism and Political Violence", "Politics of China", "Human Rights",
                 "Gender and Politics"],
             4: ["Conflict Resolution"]},
    "SOCI": {1: ["Social Problems", "Understanding Society"],
             2: ["Sociology of Religion", "Youth and Culture", "Qualitative Social Research"],
             3: ["Sociology of Food", "Urban Sociology", "Social Movements"],
             4: ["Sociology of Risk"]},
    "ENGI": {1: ["Engineering Computing", "Introduction to Thermofluids", "Digital Electronics",
                 "Engineering Drawing and CAD"],
             2: ["Mechanics of Materials", "Electrical Machines", "Manufacturing Processes",
                 "Surveying"],
             3: ["Engineering Management", "Transport Engineering", "Vibration Analysis",
                 "Aerodynamics", "Communication Systems"],
             4: ["Composite Materials", "Nuclear Engineering", "Systems Engineering"]},
    "ARCH": {1: ["Architectural Representation", "Building Materials"],
             2: ["Housing Design", "Landscape and Architecture"],
             3: ["Sustainable Building Design", "Building Services"],
             4: ["Advanced Architectural Research"]},
    "MUSI": {1: ["Keyboard Harmony", "Popular Music Studies"],
             2: ["Composition Techniques", "Music in the Romantic Era"],
             3: ["Music Psychology", "Jazz History"],
             4: ["Historical Performance Practice"]},
    "FREN": {1: ["French Grammar in Context"], 2: ["Oral French"], 3: ["Le roman français contemporain"]},
    "GERM": {2: ["German Culture since 1945"], 3: ["Deutsche Lyrik"]},
    "SPAN": {2: ["Latin American History"], 3: ["Literatura española del Siglo de Oro"]},
}
for _subject, _levels in CATALOGUE_EXTRA.items():
    for _level, _titles in _levels.items():
        CATALOGUE[_subject].setdefault(_level, []).extend(_titles)

# Big first-year papers sat by students across many programmes (code, candidates per period).
BIG_JAN = {
    "MGMT1001": 3800, "ECON1001": 2900, "ACCT1001": 2350, "PSYC1001": 1650, "COMP1001": 1450,
    "MATH1001": 1200, "BIOL1001": 1080, "LAWS1004": 1020, "ENGI1001": 1150,
}
BIG_MAY = {
    "MGMT1002": 3600, "ECON1002": 2700, "ACCT1002": 2150, "COMP1002": 1520, "PSYC1002": 1500,
    "MATH1003": 1180, "ENGI1002": 1100, "MEDI1001": 1010, "NURS1002": 1300, "BIOL1002": 1040,
}


def build_modules() -> list[dict]:
    modules = []
    for subject, levels in CATALOGUE.items():
        for level, titles in levels.items():
            for i, title in enumerate(titles, start=1):
                modules.append({"code": f"{subject}{level}{i:03d}", "subject": subject,
                                "level": level, "title": title})
    return modules


def candidates_for(rng: random.Random, module: dict) -> int:
    level = module["level"]
    if level == 1:
        return rng.choice([rng.randint(120, 420), rng.randint(200, 650), rng.randint(60, 300)])
    if level == 2:
        return rng.choice([rng.randint(60, 260), rng.randint(90, 380), rng.randint(30, 150)])
    if level == 3:
        return rng.choice([rng.randint(25, 160), rng.randint(40, 220), rng.randint(12, 80)])
    return rng.randint(5, 48)


def minutes_for(rng: random.Random, module: dict) -> int:
    level = module["level"]
    if level == 1:
        return rng.choice([120, 120, 120, 90, 90, 60, 180])
    if level == 2:
        return rng.choice([120, 120, 180, 90, 150])
    if level == 3:
        return rng.choice([120, 180, 180, 150, 90])
    return rng.choice([120, 180, 90])


# Venues: in-person halls with capacities, plus the online (Moodle) "venue".
HALLS = [
    ("Sports Centre Main Hall", 640), ("Sports Centre Hall B", 320), ("Great Hall", 450),
    ("Examination Hall 1", 280), ("Examination Hall 2", 240), ("Whitworth Building LT1", 180),
    ("Whitworth Building LT2", 150), ("Harris Library Seminar Suite", 60),
    ("Chemistry Building G.10", 120), ("Engineering Building E1.01", 200),
    ("Medical School Exam Centre", 220), ("Law School Moot Court", 80),
]
ONLINE = "Online (Moodle)"
ACCESS_ROOMS = ["Alternative Arrangements Suite A", "Alternative Arrangements Suite B"]


def venue_split(rng: random.Random, total: int, online_share: float | None) -> list[tuple[str, int]]:
    """Split a paper's candidates across venues: (venue, candidates) rows."""
    rows: list[tuple[str, int]] = []
    remaining = total
    if online_share is not None and online_share >= 1.0:
        return [(ONLINE, total)]
    if online_share:
        online = int(round(total * online_share))
        rows.append((ONLINE, online))
        remaining -= online
    # Students with approved alternative arrangements sit in a small separate room.
    if remaining >= 60 and rng.random() < 0.35:
        extra = max(2, min(remaining // 40, 18))
        rows.append((rng.choice(ACCESS_ROOMS), extra))
        remaining -= extra
    halls = HALLS[:]
    rng.shuffle(halls)
    fits = [h for h in halls if h[1] >= remaining]
    if fits and rng.random() < 0.85:  # usually one room big enough (shared with other papers)
        halls = [fits[0]]
    else:  # otherwise spread over several rooms, largest first
        halls.sort(key=lambda h: -h[1])
        halls = halls[:2] + sorted(halls[2:], key=lambda h: h[1] % 7)
    for name, cap in halls:
        if remaining <= 0:
            break
        take = min(remaining, cap)
        rows.append((name, take))
        remaining -= take
    if remaining > 0:  # more candidates than all halls: overflow online
        rows.append((ONLINE, remaining))
    return rows


# ---------------------------------------------------------------------------------------------
# 1. Academic calendar windows
# ---------------------------------------------------------------------------------------------

WINDOWS = [
    # (category, summary, first day, last day inclusive, description)
    ("enrolment", "Enrolment and Welcome Fortnight", dt.date(2026, 9, 14), dt.date(2026, 9, 25),
     "Registration, induction and welcome events for new and returning students."),
    ("teaching", "Autumn Term Teaching", dt.date(2026, 9, 28), dt.date(2026, 12, 11),
     "Teaching weeks 1-11. Clocks go back one hour at 02:00 BST on Sunday 25 October 2026."),
    ("reading-week", "Autumn Reading Week", dt.date(2026, 11, 2), dt.date(2026, 11, 6),
     "No timetabled teaching; independent study."),
    ("vacation", "Winter Vacation", dt.date(2026, 12, 12), dt.date(2027, 1, 10),
     "University closed 24 December 2026 to 1 January 2027 inclusive."),
    ("exams", "January Examination Period", dt.date(2027, 1, 11), dt.date(2027, 1, 22),
     "Semester 1 examinations, including Saturday 16 January (morning session only)."),
    ("teaching", "Spring Term Teaching", dt.date(2027, 1, 25), dt.date(2027, 3, 26),
     "Teaching weeks 12-20."),
    ("reading-week", "Spring Reading Week", dt.date(2027, 2, 22), dt.date(2027, 2, 26),
     "No timetabled teaching; independent study."),
    ("vacation", "Spring Vacation", dt.date(2027, 3, 27), dt.date(2027, 4, 25),
     "Clocks go forward one hour at 01:00 GMT on Sunday 28 March 2027. Easter: 26-29 March 2027."),
    ("teaching", "Summer Term Teaching and Revision", dt.date(2027, 4, 26), dt.date(2027, 5, 7),
     "Revision lectures and consolidation; Monday 3 May 2027 is a bank holiday."),
    ("exams", "May/June Examination Period", dt.date(2027, 5, 10), dt.date(2027, 6, 4),
     "Semester 2 and year-long module examinations. No examinations on the Spring Bank "
     "Holiday, Monday 31 May 2027."),
    ("vacation", "Summer Vacation", dt.date(2027, 6, 5), dt.date(2027, 9, 12),
     "Results published 2 July 2027; graduation ceremonies 12-23 July 2027."),
    ("resits", "August Resit Period", dt.date(2027, 8, 16), dt.date(2027, 8, 27),
     "Referred and deferred assessments. Monday 30 August 2027 (bank holiday) falls after the period."),
]


def academic_calendar() -> tuple[bytes, int]:
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//University of Northgate//Registry Academic Calendar 2026-27//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:University of Northgate academic calendar 2026-27",
        "X-WR-TIMEZONE:Europe/London",
    ]
    for n, (cat, summary, first, last, desc) in enumerate(WINDOWS, start=1):
        lines += [
            "BEGIN:VEVENT",
            f"UID:ay2026-27-{n:02d}-{cat}@{DOMAIN}",
            f"DTSTAMP:{DTSTAMP}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_text(summary)}",
            f"CATEGORIES:{cat}",
            f"DESCRIPTION:{ics_text(desc)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold_safe(line) for line in lines), len(WINDOWS)


# ---------------------------------------------------------------------------------------------
# 2. January exam timetable (CSV)
# ---------------------------------------------------------------------------------------------

def weekday_dates(first: dt.date, last: dt.date, skip: tuple[dt.date, ...] = ()) -> list[dt.date]:
    days = []
    d = first
    while d <= last:
        if d.weekday() < 5 and d not in skip:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def slots_for(days: list[dt.date], saturdays: list[dt.date], rng: random.Random) -> list[tuple[dt.date, str]]:
    slots = []
    for d in days:
        slots += [(d, "09:30"), (d, "14:00")]
    for d in saturdays:
        slots.append((d, "09:30"))
    # A few odd slots: a 13:00 paper slot on some days and an evening-ish 16:30 on others.
    odd_days = sorted(rng.sample(days, 4))
    slots += [(odd_days[0], "13:00"), (odd_days[1], "16:30"), (odd_days[2], "16:30"),
              (odd_days[3], "13:00")]
    return sorted(slots)


def csv_duration(rng: random.Random, minutes: int) -> str:
    if minutes == 90 and rng.random() < 0.2:
        return "90"  # keyed in as bare minutes by one department
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes / 60:g} Hours"


def schedule(rng: random.Random, modules: list[dict], big: dict[str, int],
             slots: list[tuple[dt.date, str]], fixed: dict[str, tuple[dt.date, str]],
             weights: dict[str, float]) -> list[dict]:
    """Assign each module to a slot; big papers to their fixed slots."""
    sessions = []
    main_slots = [s for s in slots if s[1] in ("09:30", "14:00")]
    for m in modules:
        if m["code"] in big:
            cands = big[m["code"]]
            slot = fixed[m["code"]]
            minutes = 120
        else:
            cands = candidates_for(rng, m)
            if rng.random() < 0.08:
                slot = rng.choice([s for s in slots if s[1] in ("13:00", "16:30")])
            else:
                slot = rng.choice(main_slots)
                if slot[0].weekday() == 5 and rng.random() < 0.6:  # Saturdays are lighter
                    slot = rng.choice(main_slots)
            minutes = minutes_for(rng, m)
            if slot[0].weekday() == 5:
                minutes = min(minutes, 120)
            if slot[1] == "16:30":
                minutes = min(minutes, 90)  # finishes by 18:00
        online = rng.random() < weights["online"]
        sessions.append({**m, "date": slot[0], "start": slot[1], "minutes": minutes,
                         "candidates": cands, "online": online})
    sessions.sort(key=lambda s: (s["date"], s["start"], s["code"]))
    return sessions


def pick_modules(rng: random.Random, modules: list[dict], big: dict[str, int],
                 share: dict[bool, float], earlier: set[str], exclude: dict[str, int]) -> list[dict]:
    """The modules examined in a period: share[True] of those examined in the earlier period
    (year-long modules), share[False] of the rest; big papers always; `exclude` never."""
    chosen = []
    for m in modules:  # catalogue order, so the draw sequence is fixed
        if m["code"] in big:
            chosen.append(m)
        elif m["code"] in exclude:
            continue
        elif rng.random() < share[m["code"] in earlier]:
            chosen.append(m)
    return chosen


def january_csv(modules: list[dict]) -> tuple[bytes, int, int, list[str]]:
    rng = random.Random(20270111)
    days = weekday_dates(dt.date(2027, 1, 11), dt.date(2027, 1, 22))
    slots = slots_for(days, [dt.date(2027, 1, 16)], rng)
    fixed = {
        "MGMT1001": (dt.date(2027, 1, 12), "09:30"), "ECON1001": (dt.date(2027, 1, 13), "09:30"),
        "ACCT1001": (dt.date(2027, 1, 12), "14:00"), "PSYC1001": (dt.date(2027, 1, 14), "09:30"),
        "COMP1001": (dt.date(2027, 1, 11), "14:00"), "MATH1001": (dt.date(2027, 1, 15), "09:30"),
        "BIOL1001": (dt.date(2027, 1, 18), "09:30"), "LAWS1004": (dt.date(2027, 1, 19), "09:30"),
        "ENGI1001": (dt.date(2027, 1, 20), "14:00"),
    }
    chosen = pick_modules(rng, modules, BIG_JAN, {False: 0.5, True: 0.5}, set(), BIG_MAY)
    sessions = schedule(rng, chosen, BIG_JAN, slots, fixed, {"online": 0.4})
    rows = []
    for s in sessions:
        code = s["code"]
        if code in BIG_JAN:
            share = {"MGMT1001": 0.62, "ECON1001": 0.55, "ACCT1001": 0.5}.get(code, 0.45)
        elif s["online"]:
            share = 1.0
        else:
            share = None
        duration = csv_duration(rng, s["minutes"])
        for venue, n in venue_split(rng, s["candidates"], share):
            rows.append([s["date"].strftime("%d/%m/%Y"), s["start"], duration, code, s["title"],
                         venue, str(n)])
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    w.writerow(["Exam Date", "Start Time", "Duration", "Module Code", "Module Title", "Venue",
                "No. of Candidates"])
    w.writerows(rows)
    return buf.getvalue().encode("utf-8"), len(sessions), len(rows), [m["code"] for m in chosen]


# ---------------------------------------------------------------------------------------------
# 3. May/June exam timetable (ICS feed)
# ---------------------------------------------------------------------------------------------

LONG_NOTE = ("Online timed exam via Moodle. The exam opens at the start time shown and must be "
             "submitted by the end time; students with an approved Individual Learning Plan "
             "receive their extra time automatically in Moodle. Technical problems during the "
             "exam: contact the Exams Office helpline immediately and keep screenshots.")

FRENCH_NOTE = ("Épreuve écrite en ligne (Moodle), durée : 2 heures. Répondez en français à deux "
               "questions ; l'usage d'un dictionnaire unilingue est autorisé. Les étudiants "
               "bénéficiant d'aménagements d'examen reçoivent automatiquement leur temps "
               "supplémentaire.")


FRENCH_PREFIXES = ["", "Examen final. ", "Examen de fin d'année. ", "Session de mai. ",
                   "Session d'examens de mai. ", "Examen de deuxième année. ",
                   "Module de deuxième année. ", "Épreuve finale. "]


def may_ics(modules: list[dict], january: list[str]) -> tuple[bytes, int, int, int]:
    rng = random.Random(20270510)
    bank_holiday = dt.date(2027, 5, 31)
    days = weekday_dates(dt.date(2027, 5, 10), dt.date(2027, 6, 4), skip=(bank_holiday,))
    slots = slots_for(days, [dt.date(2027, 5, 15), dt.date(2027, 5, 22)], rng)
    fixed = {
        "MGMT1002": (dt.date(2027, 5, 11), "09:30"), "ECON1002": (dt.date(2027, 5, 12), "09:30"),
        "ACCT1002": (dt.date(2027, 5, 13), "14:00"), "COMP1002": (dt.date(2027, 5, 17), "09:30"),
        "PSYC1002": (dt.date(2027, 5, 18), "14:00"), "MATH1003": (dt.date(2027, 5, 19), "09:30"),
        "ENGI1002": (dt.date(2027, 5, 20), "09:30"), "MEDI1001": (dt.date(2027, 5, 24), "09:30"),
        "NURS1002": (dt.date(2027, 5, 25), "14:00"), "BIOL1002": (dt.date(2027, 5, 26), "09:30"),
    }
    chosen = pick_modules(rng, modules, BIG_MAY, {False: 0.95, True: 0.45}, set(january), BIG_JAN)
    sessions = schedule(rng, chosen, BIG_MAY, slots, fixed, {"online": 0.45})
    # The French-language paper is an online paper with its note in French.
    for s in sessions:
        if s["title"] == "Études françaises":
            s["online"] = True

    # Three papers are moved: the original event stays in the feed as CANCELLED and a new event
    # (new UID) carries the new slot.
    movable = [s for s in sessions if s["code"] not in BIG_MAY and s["start"] in ("09:30", "14:00")]
    moved = sorted(rng.sample(range(len(movable)), 3))
    main_slots = [sl for sl in slots if sl[1] in ("09:30", "14:00") and sl[0].weekday() < 5]

    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//University of Northgate//Exam Timetabling 9.2//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Examinations May/June 2027",
        "X-WR-TIMEZONE:Europe/London",
        *VTIMEZONE_LONDON,
    ]
    event_lines: list[list[str]] = []
    cancelled = 0
    split_done = False

    def emit(s: dict, uid: str, date: dt.date, start: str, status: str | None, seq: int) -> None:
        nonlocal split_done
        h, m = map(int, start.split(":"))
        begin = dt.datetime(date.year, date.month, date.day, h, m)
        end = begin + dt.timedelta(minutes=s["minutes"])
        check_real_wall_clock(begin)
        check_real_wall_clock(end)
        ev = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{DTSTAMP}"]
        if seq:
            ev.append(f"SEQUENCE:{seq}")
        ev.append(f"DTSTART;TZID=Europe/London:{local_stamp(begin)}")
        if s["use_duration"]:
            ev.append(f"DURATION:{duration_value(s['minutes'])}")
        else:
            ev.append(f"DTEND;TZID=Europe/London:{local_stamp(end)}")
        ev.append(f"SUMMARY:{ics_text(s['code'] + ' ' + s['title'])}")
        ev.append(f"LOCATION:{ics_text(s['location'])}")
        if s["desc_only"]:
            ev.append("DESCRIPTION:" + ics_text(f"Online timed exam via Moodle.\nCandidates: {s['candidates']}"))
        else:
            ev.append(f"X-CANDIDATES:{s['candidates']}")
            if s["title"] == "Études françaises":
                desc = "DESCRIPTION:" + ics_text(FRENCH_NOTE)
                # Pad the note until the naive 75-octet fold cuts inside a multi-byte character.
                for prefix in FRENCH_PREFIXES:
                    desc = "DESCRIPTION:" + ics_text(prefix + FRENCH_NOTE)
                    if splits_utf8(desc):
                        break
                else:
                    raise AssertionError("no French note wording splits a character")
                split_done = True
                ev.append(desc)
            elif s["online"] and s["long_note"]:
                ev.append("DESCRIPTION:" + ics_text(LONG_NOTE))
            elif s["online"]:
                ev.append("DESCRIPTION:Online timed exam via Moodle.")
            else:
                ev.append("DESCRIPTION:" + ics_text(
                    f"In-person written exam. Seating plans are posted outside {s['location'].split(';')[0]} "
                    "30 minutes before the start."))
        ev.append("CATEGORIES:EXAM")
        if status:
            ev.append(f"STATUS:{status}")
        ev.append("END:VEVENT")
        event_lines.append(ev)

    n_events = 0
    for i, s in enumerate(sessions):
        s["use_duration"] = rng.random() < 0.18
        s["long_note"] = rng.random() < 0.5
        s["desc_only"] = s["online"] and s["code"] not in BIG_MAY and rng.random() < 0.25 \
            and s["title"] != "Études françaises"
        if s["code"] in BIG_MAY:
            s["location"] = f"{ONLINE}; Sports Centre Main Hall; Great Hall"
            s["online"] = True
        elif s["online"]:
            s["location"] = ONLINE
        else:
            venues = venue_split(rng, s["candidates"], None)
            s["location"] = "; ".join(v for v, _ in venues[:3]) + ("; others" if len(venues) > 3 else "")
        uid = f"exam-202705-{s['code']}@{DOMAIN}"
        if any(s is movable[k] for k in moved):
            emit(s, uid, s["date"], s["start"], "CANCELLED", 1)
            cancelled += 1
            n_events += 1
            new_slot = rng.choice([sl for sl in main_slots if sl != (s["date"], s["start"])])
            emit(s, f"exam-202705-{s['code']}-r1@{DOMAIN}", new_slot[0], new_slot[1], "CONFIRMED", 0)
            n_events += 1
        else:
            emit(s, uid, s["date"], s["start"], "CONFIRMED" if i % 2 == 0 else None, 0)
            n_events += 1
    assert split_done, "the French paper was not scheduled"
    for ev in event_lines:
        lines += ev
    lines.append("END:VCALENDAR")
    return b"".join(fold_naive(line) for line in lines), len(sessions), n_events, cancelled


# ---------------------------------------------------------------------------------------------
# 4. In-term class tests next to the clock changes
# ---------------------------------------------------------------------------------------------

def class_tests() -> tuple[bytes, int]:
    def local(y, mo, d, h, mi=0):
        t = dt.datetime(y, mo, d, h, mi)
        check_real_wall_clock(t)
        return local_stamp(t)

    def utc(y, mo, d, h, mi=0):
        t = dt.datetime(y, mo, d, h, mi)
        check_real_wall_clock(t)
        return t.replace(tzinfo=LONDON).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    # (uid suffix, summary, start, end-or-duration, candidates, extra lines, utc?)
    events = [
        ("comp1001-weekly", "COMP1001 Weekly Programming Quiz",
         (2026, 10, 12, 9), (2026, 10, 12, 9, 45), 1480,
         ["RRULE:FREQ=WEEKLY;COUNT=6",
          "EXDATE;TZID=Europe/London:" + local(2026, 11, 2, 9)],
         "Weekly online quiz, Mondays 09:00-09:45, weeks 3-8; none in reading week."),
        ("math1001-ct1", "MATH1001 Class Test 1", (2026, 10, 23, 16), (2026, 10, 23, 17), 1190, [],
         "Friday before the clocks go back."),
        ("psyc1001-ct1", "PSYC1001 Online Class Test 1", (2026, 10, 24, 10), (2026, 10, 25, 10), 1620, [],
         "24-hour open window across the night the clocks go back (25 hours of real time)."),
        ("econ1001-ct1", "ECON1001 Online Class Test", (2026, 10, 25, 10), (2026, 10, 25, 11), 2850, [],
         "Sunday of the clock change, after the change."),
        ("mgmt1001-ct1", "MGMT1001 Online Class Test 1", (2026, 10, 26, 9), (2026, 10, 26, 10), 3750, [],
         "Monday after the clocks go back."),
        ("acct1001-ct1", "ACCT1001 Progress Test", (2026, 11, 19, 14), (2026, 11, 19, 15, 30), 2300, [],
         "Autumn term progress test."),
        ("biol1001-ct1", "BIOL1001 Online Class Test", (2026, 12, 7, 11), (2026, 12, 7, 12), 1060, [],
         "End-of-term test."),
        ("chem1001-ct1", "CHEM1001 Laboratory Safety Test", (2027, 2, 8, 9), (2027, 2, 8, 9, 30), 410, [],
         "Online multiple-choice test."),
        ("comp1002-ct2", "COMP1002 Class Test 2", (2027, 3, 26, 14), (2027, 3, 26, 15), 1500, [],
         "Friday before the clocks go forward."),
        ("mgmt1002-ct2", "MGMT1002 Online Class Test 2", (2027, 3, 26, 9), (2027, 3, 26, 10), 3580, [],
         "Last day of spring term."),
        ("econ1002-ct2", "ECON1002 Online Class Test", (2027, 3, 28, 10), (2027, 3, 28, 11), 2650, [],
         "Sunday of the clock change, after the change."),
        ("mgmt1002-ct2-late", "MGMT1002 Online Class Test 2 (late sitting)", (2027, 3, 29, 9),
         (2027, 3, 29, 10), 240, [],
         "Monday after the clocks go forward: late sitting for students with approved extenuating circumstances."),
        ("psyc1002-ct2", "PSYC1002 Online Class Test 2", (2027, 3, 27, 9), (2027, 3, 28, 9), 1480, [],
         "24-hour open window across the night the clocks go forward (23 hours of real time)."),
    ]
    utc_events = [
        ("vle-phys1001-quiz", "PHYS1001 Moodle Quiz: Mechanics", (2026, 10, 26, 13), (2026, 10, 26, 14), 520,
         "Exported by the VLE in UTC (13:00 GMT)."),
        ("vle-math1003-quiz", "MATH1003 Moodle Quiz: Vectors", (2027, 3, 29, 13), (2027, 3, 29, 14), 1150,
         "Exported by the VLE in UTC (13:00 BST is 12:00Z)."),
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//University of Northgate//Class Test Scheduler 1.4//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Online class tests 2026-27",
        *VTIMEZONE_LONDON,
    ]
    for suffix, summary, start, end, cands, extra, desc in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:classtest-{suffix}@{DOMAIN}",
            f"DTSTAMP:{DTSTAMP}",
            f"DTSTART;TZID=Europe/London:{local(*start)}",
            f"DTEND;TZID=Europe/London:{local(*end)}",
            *extra,
            f"SUMMARY:{ics_text(summary)}",
            f"LOCATION:{ONLINE}",
            f"X-CANDIDATES:{cands}",
            f"DESCRIPTION:{ics_text(desc)}",
            "END:VEVENT",
        ]
    for suffix, summary, start, end, cands, desc in utc_events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:classtest-{suffix}@{DOMAIN}",
            f"DTSTAMP:{DTSTAMP}",
            f"DTSTART:{utc(*start)}",
            f"DTEND:{utc(*end)}",
            f"SUMMARY:{ics_text(summary)}",
            f"LOCATION:{ONLINE}",
            f"X-CANDIDATES:{cands}",
            f"DESCRIPTION:{ics_text(desc)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(fold_safe(line) for line in lines), len(events) + len(utc_events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "calendars",
                        help="output directory (default: the repository's calendars/)")
    args = parser.parse_args()
    out: Path = args.out
    modules = build_modules()

    data, n_windows = academic_calendar()
    write_bytes(out / "academic-calendar-2026-27.ics", data)
    data, n_jan_sessions, n_jan_rows, jan_codes = january_csv(modules)
    write_bytes(out / "exams-2027-01.csv", data)
    data, n_may_sessions, n_may_events, n_cancelled = may_ics(modules, jan_codes)
    write_bytes(out / "exams-2027-05.ics", data)
    data, n_tests = class_tests()
    write_bytes(out / "class-tests-2026-27.ics", data)

    print(f"{out}/academic-calendar-2026-27.ics: {n_windows} windows")
    print(f"{out}/exams-2027-01.csv: {n_jan_sessions} sessions in {n_jan_rows} rows")
    print(f"{out}/exams-2027-05.ics: {n_may_sessions} sessions, {n_may_events} VEVENTs "
          f"({n_cancelled} cancelled and re-timetabled)")
    print(f"{out}/class-tests-2026-27.ics: {n_tests} VEVENTs")


if __name__ == "__main__":
    main()
