"""Judge diagnostics for organizers: each judge's fitted leniency, scale, scores given and agreement with
the others, and the geometry of a small server-rendered SVG chart of them (no JavaScript, no build step).

The chart puts leniency (score points above or below an average judge) across and agreement with the
other judges' consensus (correlation, -1 to 1) up; each judge is a numbered dot, sized by how many
projects they scored. Careless or hostile judges sit low; very lenient or harsh ones far left or right.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44


@dataclass
class Dot:
    number: int
    x: float
    y: float
    r: float
    unusual: bool
    label: str


def chart(views):
    """SVG geometry for judge views (ranking.JudgeView). Judges without an agreement value sit on the
    zero line, drawn hollow."""
    span = max([1.0, *(abs(v.leniency) for v in views)])
    span = float(int(span * 2 + 0.999)) / 2  # round up to a half point
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(value):
        return LEFT + (value + span) / (2 * span) * plot_w

    def sy(value):
        return TOP + (1 - (value + 1) / 2) * plot_h

    most = max([1, *(v.scored for v in views)])
    dots = []
    for number, v in enumerate(views, start=1):
        agreement = v.agreement if v.agreement is not None else 0.0
        dots.append(
            Dot(
                number=number,
                x=round(sx(v.leniency), 1),
                y=round(sy(agreement), 1),
                r=round(5 + 7 * (v.scored / most) ** 0.5, 1),
                unusual=v.unusual,
                label=v.judge.user.display_name if v.judge.user_id else v.judge.email,
            )
        )
    ticks_x = []
    step = 0.5 if span <= 2 else 1.0
    value = -span
    while value <= span + 1e-9:
        ticks_x.append({"x": round(sx(value), 1), "label": f"{value:+.1f}" if value else "0"})
        value += step
    ticks_y = [{"y": round(sy(v), 1), "label": f"{v:.1f}"} for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "dots": dots,
        "ticks_x": ticks_x,
        "ticks_y": ticks_y,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "zero_x": round(sx(0.0), 1),
        "zero_y": round(sy(0.0), 1),
        "band": {
            "x": LEFT,
            "y": round(sy(0.2), 1),
            "width": plot_w,
            "height": round(HEIGHT - BOTTOM - sy(0.2), 1),
        },
        "tick_y": HEIGHT - BOTTOM + 16,
        "tick_x": LEFT - 6,
        "axis_label_y": HEIGHT - 8,
        "axis_label_x": LEFT + plot_w / 2,
        "mid_y": TOP + plot_h / 2,
    }
