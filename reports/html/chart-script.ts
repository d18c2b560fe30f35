/**
 * The page's one script: draws every chart from the JSON data block (no
 * animation, so a printed or screenshotted page is complete), switches the
 * trend charts between day, week and month, and resizes charts for print.
 */
export const CHART_SCRIPT = `(function () {
  var specs = JSON.parse(document.getElementById('pushsim-charts').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  var charts = {};
  specs.forEach(function (spec) {
    charts[spec.id] = { chart: new Chart(document.getElementById(spec.id), spec.config), views: spec.views };
  });
  document.querySelectorAll('.switch').forEach(function (group) {
    group.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      var entry = charts[group.getAttribute('data-chart')];
      var view = button && entry && entry.views && entry.views[button.getAttribute('data-view')];
      if (!view) return;
      entry.chart.data = view;
      entry.chart.update();
      group.querySelectorAll('button').forEach(function (other) { other.setAttribute('aria-pressed', String(other === button)); });
    });
  });
  window.addEventListener('beforeprint', function () {
    Object.keys(charts).forEach(function (id) { charts[id].chart.resize(); });
  });
})();`
