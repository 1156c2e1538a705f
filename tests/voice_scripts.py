"""Ten short scripted spoken answers (fillers written as the speaker says them)."""

from __future__ import annotations

SCRIPTED_ANSWERS = [
    "Thank you for asking. In my first year I want to become a reliable data analyst, um, "
    "building clear reports that help the sales team decide faster.",
    "I am excited about this role. Over the next two years I hope to learn the product deeply "
    "and, uh, take ownership of the customer support tools.",
    "My short term goal is to master your testing process. Later I would like to lead a small "
    "team of engineers and mentor new hires.",
    "I want to grow as a designer who understands research. This company builds tools for small "
    "shops, and I care about making them simple.",
    "In the next year I plan to earn my cloud certification, um, and automate the deployment "
    "work that slows the team down today.",
    "Long term I see myself as a project manager. First I want to learn how your teams plan "
    "their work and deliver on time.",
    "I am grateful for this chance. I want to improve my writing skills and, uh, help the "
    "marketing group reach more customers every month.",
    "My goal is to become an expert in security. I would start by reviewing the current "
    "systems and fixing the most urgent risks.",
    "I enjoy working with numbers and people. In this job I hope to build better forecasts and "
    "share them clearly with the finance team.",
    "Over the next three years I want to move from support into product work, using what "
    "customers tell me every day to shape new features.",
]

PAUSED_SENTENCES = [
    "Thank you for the question.",
    "In my first year I want to learn the systems your team uses every day.",
    "Later I hope to lead projects that help customers directly.",
    "I am committed to growing here for the long term.",
]

SPANISH_ANSWER = (
    "Gracias por la pregunta. En el primer año quiero aprender mucho sobre el trabajo del "
    "equipo y después quiero dirigir proyectos importantes para la empresa."
)
