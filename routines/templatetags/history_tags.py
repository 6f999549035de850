"""The numbers-behind-a-chart table, built in Python.

Renders the same markup as templates/routines/includes/chart_table.html, but a
five-year history holds tables of hundreds of rows, and a template loop over them
costs more than the rest of the page; joining escaped strings here costs little.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..charts import Table, escape

register = template.Library()


@register.simple_tag
def chart_table(table: Table) -> SafeString:
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in table.headers)
    rows = []
    for row in table.rows:
        first, *rest = row
        cells = "".join(f"<td>{escape(cell)}</td>" for cell in rest)
        rows.append(f'<tr><th scope="row">{escape(first)}</th>{cells}</tr>')
    if not rows:
        rows.append(f'<tr><td colspan="{len(table.headers)}">Nothing yet.</td></tr>')
    return mark_safe(  # every text above is escaped
        '<details class="chart-data"><summary>Show the numbers</summary><table>'
        f"<caption>{escape(table.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )
