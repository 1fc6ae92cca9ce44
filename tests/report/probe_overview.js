// probe_overview.js: evaluated by cdp_probe.py in a loaded `heapwatch report` page of one process.
// Returns as JSON what the page holds (sizes of the chart, table and flame graph, the texts that
// come from the dumps) and how long it took to load, for test_report_scale.sh and
// test_report_escaping.sh.
(function () {
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function texts(selector) { return all(selector).map(function (e) { return e.textContent.trim(); }); }
  var navigation = performance.getEntriesByType('navigation')[0];
  return JSON.stringify({
    ready: document.body.dataset.ready,
    load_ms: Math.round(navigation.loadEventEnd - navigation.startTime),
    title: document.title,
    heading: texts('section.process h2').join('|'),
    headline: texts('.headline').join('|'),
    program: texts('.process-header dd code').join('|'),
    chart_points: all('figure.chart g.series').map(function (g) { return g.dataset.t.split(',').length; }).join(','),
    chart_stack_lines: all('figure.chart path.stack').length,
    chart_caption: texts('figure.chart figcaption').join('|'),
    suspect_rows: all('tr.suspect').length,
    suspect_verdicts: texts('tr.suspect .verdict').join('|'),
    suspect_rates: texts('tr.suspect .rate').join('|'),
    suspect_chains: texts('tr.suspect .chain').join('|'),
    suspect_frames: texts('tr.detail ol.frames .function').join('|'),
    flame_nodes: all('figure.flame svg.node').length,
    flame_names: all('figure.flame svg.node').map(function (n) { return n.dataset.name; }).sort().join('|'),
    scripts: document.scripts.length,
    bold_elements: all('b').length
  });
})()
