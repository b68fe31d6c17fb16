"""True-size printing: a PDF that asks not to be scaled, and a 10 cm bar to check it did.

Print dialogs shrink pages to the printable area by default ("fit to page"), which turns a
1:10 drawing into 1:10.6 and 1:1 tiles into tiles that no longer meet. /PrintScaling /None
in the catalog's /ViewerPreferences makes Acrobat and most viewers default to 100 %; the
check bar lets the user see with a ruler whether the printout is true.
"""

from __future__ import annotations

CM = 72 / 2.54
CHECK_BAR_CM = 10
CHECK_BAR_LABEL = "打印后用尺子量：此线应为 10 厘米"


def ask_no_scaling(canvas) -> None:
    """Set /ViewerPreferences << /PrintScaling /None >> on the canvas's document."""
    canvas.setViewerPreference("PrintScaling", "None")


def draw_check_bar(canvas, x: float, y: float, *, font: str | None = None, label: str = CHECK_BAR_LABEL) -> float:
    """A 10 cm bar with its left end at (x, y) pt, ticks every centimetre (longer every 5),
    the label above it. Returns the height used above y, in points."""
    from villagedesk.render import fonts

    font = font or fonts.register()
    length = CHECK_BAR_CM * CM
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setLineCap(0)  # butt ends: the bar is exactly 10 cm, not 10 cm plus the line width
    canvas.setLineWidth(0.8)
    canvas.line(x, y, x + length, y)
    canvas.setLineWidth(0.5)
    for i in range(CHECK_BAR_CM + 1):
        tick = 6 if i in (0, 5, 10) else 3.5
        canvas.line(x + i * CM, y, x + i * CM, y + tick)
    canvas.setFont(font, 5.5)
    for i in (0, 5, 10):
        canvas.drawCentredString(x + i * CM, y - 6.5, str(i))
    canvas.setFont(font, 7.5)
    canvas.drawString(x, y + 9, label)
    canvas.restoreState()
    return 18.0
