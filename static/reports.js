// Draws the report charts described in each canvas's data-chart attribute with the embedded Chart.js.
(() => {
  const draw = () => {
    if (!window.Chart) return;
    for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
      const spec = JSON.parse(canvas.dataset.chart);
      new window.Chart(canvas, {
        type: spec.kind,
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d) => ({ label: d.label, data: d.data, type: d.kind, stack: d.stack })),
        },
        options: {
          animation: false,
          responsive: true,
          scales: {
            x: { stacked: Boolean(spec.stacked) },
            y: { stacked: Boolean(spec.stacked), beginAtZero: true, title: { display: true, text: spec.yTitle } },
          },
        },
      });
      canvas.dataset.drawn = "true";
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
