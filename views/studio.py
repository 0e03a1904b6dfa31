import pandas as pd
import streamlit as st

from needlewise import attempts, display, regrade
from needlewise.bank import bank_report, render_text
from needlewise.bank_review import MIN_ATTEMPTS, RULE, review_list
from needlewise.problems import errors
from needlewise.quiz.schema import UNASSIGNED_OBJECTIVE, CaseQuestion
from needlewise.ui import context, studio_editor
from needlewise.ui.question_view import render_preview, render_vignette

ctx = context.current()
content = ctx.content
st.title("Quiz studio")
st.markdown(
    "Two ways of working, side by side: write a quiz here (kept in the database, checked as "
    "you type, published when it checks clean), or keep quiz files under `quizzes/` in git "
    "and run `python -m needlewise check`; file changes show up on the next click."
)
studio_editor.render(ctx, context.user())
# A corrected key published (or a changed file loaded) leaves attempts scored with the old
# one until someone regrades them on Item analysis.
for waiting in regrade.outstanding(ctx.engine, content):
    st.warning(waiting.message, icon=":material/rule:")
    st.page_link(
        "views/item_analysis.py",
        label=f"Regrade '{waiting.title}' on Item analysis",
        icon=":material/published_with_changes:",
        # Item analysis's quiz box is bound to the address, which holds the option's label.
        query_params={"items_quiz": waiting.title},
    )

st.header("Quiz files and the whole bank")
st.write(
    f"This copy serves content version {context.content_version()} "
    "(the command `python -m needlewise ready` prints the same digest on each host)."
)

counts = attempts.submitted_counts(ctx.engine)
rows = []
for loaded in content.quizzes.values():
    problems = errors(content.quiz_problems(loaded))
    quiz = loaded.quiz
    rows.append(
        {
            "quiz": quiz.id,
            "title": quiz.title,
            "module": quiz.module or "—",
            "questions": sum(1 for _ in quiz.leaves()),
            "status": "ok" if not problems else display.plural(len(problems), "problem"),
            "version": loaded.version[:12],
            "attempts": counts.get(quiz.id, 0),
            "file": loaded.display,
        }
    )
for shown, problems in content.broken_quizzes.items():
    rows.append(
        {
            "quiz": "—",
            "title": "(cannot be loaded)",
            "module": "—",
            "questions": 0,
            "status": display.plural(len(errors(problems)), "problem"),
            "version": "—",
            "attempts": 0,
            "file": shown,
        }
    )
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
for loaded in content.quizzes.values():
    st.page_link(
        "views/quiz_preview.py",
        label=f"Preview as a trainee: {loaded.quiz.title} ({loaded.id})",
        icon=":material/visibility:",
        query_params={"quiz": loaded.id},
    )

to_fix = errors(content.problems)
warnings = [p for p in content.problems if p.warning]
if to_fix:
    with st.expander(f"Problems to fix ({len(to_fix)})", expanded=True):
        st.code("\n".join(str(p) for p in to_fix), language=None)
else:
    st.success("Every course, lesson and quiz file is valid.")
if warnings:
    with st.expander(f"Warnings to look at ({len(warnings)})"):
        st.code("\n".join(str(p) for p in warnings), language=None)

if not content.quizzes:
    st.stop()

st.header("Bank report")
bank = bank_report(content)
tf, longest = bank.true_false, bank.key_longest
metrics = st.columns(4)
metrics[0].metric("Items", bank.items)
metrics[1].metric(
    "True/false keyed false",
    f"{tf['keyed_false']} of {tf['items']}",
    f"{tf['share_of_bank']:.0%} of bank",
)
metrics[2].metric("Key is the longest option", f"{longest['share']:.0%}")
metrics[3].metric("Near-duplicate pairs", len(bank.near_duplicates))
with st.expander("The whole bank report (as `python -m needlewise bank` prints it)"):
    st.code(render_text(bank), language=None)

st.header("Items to review")
flagged = review_list(ctx.engine, [loaded.quiz for loaded in content.quizzes.values()])
if flagged:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "quiz": item.quiz_id,
                    "question": item.question_id,
                    "attempts": item.attempts,
                    "why": "; ".join(item.reasons),
                    "chosen": ", ".join(f"{k}: {v}" for k, v in item.choices.items()),
                }
                for item in flagged
            ]
        ),
        hide_index=True,
        width="stretch",
        key="studio_review",
    )
else:
    st.caption(
        f"No item is flagged. Items are judged once they have {MIN_ATTEMPTS} attempts: {RULE}."
    )

st.header("Preview")
chosen = st.selectbox(
    "Quiz",
    content.quiz_order(),
    key="studio_quiz",
    format_func=lambda q: f"{content.quizzes[q].quiz.title} ({q})",
)
quiz = content.quizzes[chosen].quiz
unmapped = [q.id for _, q in quiz.leaves() if UNASSIGNED_OBJECTIVE in q.objectives]
if unmapped:
    st.warning("Questions still needing a learning objective: " + ", ".join(unmapped))
facts = [
    f"pass mark {quiz.pass_mark if quiz.pass_mark is not None else 'course default'}",
    f"attempts {quiz.attempts}",
    f"grading {quiz.grading}",
    f"feedback {quiz.feedback.replace('_', ' ')}",
    f"review {quiz.review.when}",
]
if quiz.time_limit_minutes:
    facts.append(f"time limit {quiz.time_limit_minutes:g} min")
if quiz.questions_per_page:
    facts.append(f"{display.plural_number(quiz.questions_per_page, 'question')} a page")
if quiz.draw:
    facts.append(f"draw {quiz.draw.count or quiz.draw.per_objective}")
if quiz.blueprint:
    drawn = ", ".join(f"{d.objective} {d.count}" for d in quiz.blueprint.draw)
    facts.append(("secure " if quiz.blueprint.secure else "") + f"blueprint: {drawn}")
st.caption(" · ".join(facts))
for question in quiz.questions:
    with st.container(border=True):
        if isinstance(question, CaseQuestion):
            st.markdown(f"Case `{question.id}`")
            render_vignette(question, content.figures)
            for part in question.questions:
                st.divider()
                render_preview(part, content.references)
        else:
            render_preview(question, content.references)
