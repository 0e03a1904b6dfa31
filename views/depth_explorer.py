import streamlit as st

from needlewise import depth
from needlewise.ui import accessible, context
from needlewise.ui.lesson_view import depth_limit_line, source_label
from needlewise.ui.plain import plain

ctx = context.current()
regions = ctx.content.regions
references = ctx.content.references
st.title("Depth explorer")
if regions is None:
    st.error("The region data has a problem; an instructor can see it in the Quiz studio.")
    st.stop()
st.warning(depth_limit_line(ctx.settings), icon=":material/straighten:")

columns = st.columns(2)
region = columns[0].selectbox(
    "Facial region", regions.regions, format_func=lambda r: r.name, key="depth_region"
)
indication = columns[1].selectbox(
    "Indication", regions.indications, format_func=lambda i: i.name, key="depth_indication"
)
chosen = st.slider(
    "Needle length (mm)",
    min_value=0.25,
    max_value=2.5,
    step=0.05,
    # The clinic's limit, within the slider's range (a limit under its lowest mark starts it there).
    value=max(0.25, min(0.5, ctx.settings.depth_limit_mm)),
    key="depth_mm",
)

warnings = depth.assess(
    region, indication, chosen, ctx.settings.depth_limit_mm, plain(ctx.settings.where)
)
show = {"stop": st.error, "caution": st.warning, "info": st.info}
icons = {"stop": ":material/block:", "caution": ":material/warning:", "info": ":material/info:"}
left, right = st.columns([3, 2])
with left:
    accessible.drawn_svg(
        depth.cross_section_svg(region, chosen, ctx.settings.depth_limit_mm),
        caption=f"{region.name}, drawn to scale in depth (not in width).",
    )
with right:
    for warning in warnings:
        show[warning.level](warning.text, icon=icons[warning.level])


def source(key: str) -> str:
    return source_label(key, references)


st.header("Where these numbers come from")
if region.dermis_mm is not None and region.dermis_source is not None:
    figures = depth.dermis_figures_text(region, region.dermis_mm)
    if region.dermis_histology_mm is None:
        figures += " by ultrasound"
    st.markdown(f"- **Dermis thickness** {figures}: {source(region.dermis_source)}.")
if region.dermis_note:
    st.markdown(f"- {region.dermis_note}")
st.markdown(
    f"- **Epidermis** about 30-63 µm across the face: {source('chopra2015')}.\n"
    f"- **Chart range** {depth.chart_text(region)}: {source('depth-charts-industry')}. "
    "No peer-reviewed table of depths by region exists; treat charts as guidance, never as "
    "permission to go beyond your limit.\n"
    f"- **{indication.name}:** {indication.advice} "
    f"Sources: {'; '.join(source(k) for k in indication.references)}."
)
