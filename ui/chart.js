// A Plotly chart that stays mounted between reruns: the first data draws it, later data updates it in place
// (Plotly.react), so a rerun of the page does not rebuild the chart. plotly.js is our own bundle of the four trace
// types we draw (static/plotly/, built by tools/plotly/), loaded once per browser tab.
const BUNDLE = "/app/static/plotly/plotly-danvan.min.js";
let loading = null;

function plotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    loading ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = BUNDLE;
        script.onload = () => resolve(window.Plotly);
        script.onerror = () => { loading = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(script);
    });
    return loading;
}

export default function ({ data, parentElement, setTriggerValue }) {
    if (data === null || data === undefined) {  // preload(): fetch and evaluate plotly.js while the page runs
        plotly().catch(() => {});
        return;
    }
    let root = parentElement.querySelector("[data-testid='danvanChart']");
    if (!root) {
        root = parentElement.appendChild(document.createElement("div"));
        root.dataset.testid = "danvanChart";
        root.className = "danvan-chart";
    }
    const box = root.querySelector(".danvan-plot") ?? root.appendChild(document.createElement("div"));
    box.className = "danvan-plot";
    const { figure, config, click, failed } = JSON.parse(new TextDecoder().decode(data));  // ui/chart.py's bytes
    box.style.height = `${figure.layout.height ?? 450}px`;
    const seq = (root.__seq = (root.__seq ?? 0) + 1);  // a newer rerun's data wins over a slower older one
    root.dataset.state = "drawing";
    box.__trigger = setTriggerValue;  // the latest run's, for the click handler bound once below
    plotly().then((Plotly) => {
        if (seq !== root.__seq) return;
        return Plotly.react(box, figure.data, { ...figure.layout, autosize: true },
                            { responsive: true, ...config }).then(() => {
            if (seq === root.__seq) root.dataset.state = "drawn";
            if (click && !box.__clicks) {
                box.__clicks = true;
                box.on("plotly_click", (event) => {
                    const point = event.points && event.points[0];
                    if (point && point.location != null) box.__trigger("click", point.location);
                });
            }
        });
    }).catch(() => {
        root.dataset.state = "failed";
        box.textContent = failed;
    });
}
