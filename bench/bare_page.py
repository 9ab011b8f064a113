"""The baseline: a bare Streamlit page drawing one plotly chart from an in-memory DataFrame,
changed by a multiselect filter. No database, no caching of queries, no app furniture.

The number of points comes from ?points=N (browser) or $BENCH_BARE_POINTS (AppTest): the chart
shows N points when one series is selected and SERIES * N when none is (the initial view).
"""

import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

SERIES = 10


@st.cache_resource(max_entries=16)  # the same object every run: truly in memory
def frame(points: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({
        "series": np.repeat([f"Synthetic series {i:02d}" for i in range(SERIES)], points),
        "day": np.tile(pd.date_range("2015-01-01", periods=points, freq="D"), SERIES),
        "value": rng.lognormal(15, 1, SERIES * points),
    })


points = int(st.query_params.get("points") or os.environ.get("BENCH_BARE_POINTS") or 500)
data = frame(max(1, points))
names = sorted(data.series.unique())
chosen = st.sidebar.multiselect("Series", names, key="bare:series", placeholder="All")
shown = data[data.series.isin(chosen)] if chosen else data
figure = go.Figure([go.Scatter(x=part.day, y=part.value, name=name, mode="lines+markers")
                    for name, part in shown.groupby("series")])
st.plotly_chart(figure, key="bare-chart")
