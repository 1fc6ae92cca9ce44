// probe_report.js: evaluated by cdp_probe.py in a loaded `heapwatch report` page. Reads what the
// first process's section shows, then uses it as a person would (opens the first suspect, hovers
// the chart, hovers and zooms the flame graph, switches process and back), and returns the facts
// as JSON for tests/report/test_report_page.sh. It leaves the first suspect open and the chart's
// hover values showing, so the screenshot taken next shows them too.
(function () {
  var facts = {};
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function texts(root, selector) { return all(root, selector).map(function (e) { return e.textContent.trim(); }); }
  function visiblePids() {
    return all(document, 'section.process').filter(function (s) { return !s.hidden; }).map(function (s) { return s.dataset.pid; }).join(',');
  }
  function mouse(target, type, x, y) {
    target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: x, clientY: y }));
  }

  facts.ready = document.body.dataset.ready;
  facts.title = document.title;
  facts.sections = all(document, 'section.process').length;
  var select = document.getElementById('process-select');
  facts.options = select ? select.options.length : 0;
  facts.option_pids = select ? all(select, 'option').map(function (o) { return o.value; }).join(',') : '';
  facts.visible = visiblePids();
  var section = all(document, 'section.process').filter(function (s) { return !s.hidden; })[0];

  facts.heading = section.querySelector('h2').textContent;
  facts.headline = section.querySelector('.headline').textContent;

  var chart = section.querySelector('figure.chart');
  var paths = all(chart, 'path.line').sort(function (a, b) { return a.dataset.order - b.dataset.order; });
  facts.chart_lines = paths.length;
  facts.chart_stack_lines = all(chart, 'path.stack').length;
  facts.chart_labels = paths.map(function (p) { return p.dataset.label; }).join('|');
  facts.chart_points = chart.querySelector('g.series').dataset.t.split(',').length;
  facts.chart_panels = texts(chart, '.panel-title').join('|');
  facts.chart_left_ticks = texts(chart, 'text.tick:not(.middle):not(.right)').join('|');
  facts.chart_right_ticks = texts(chart, 'text.tick.right').join('|');
  facts.chart_time_ticks = texts(chart, 'text.tick.middle').join('|');
  facts.legend = texts(chart, '.legend li').join('|');
  facts.caption = chart.querySelector('figcaption').textContent;

  var rows = all(section, 'tr.suspect');
  facts.suspect_rows = rows.length;
  facts.suspect_columns = texts(section, 'table.suspects th').join('|');
  rows.forEach(function (row, i) {
    facts['suspect_' + (i + 1)] = texts(row, 'td').slice(1).join('|');
  });
  var detail = rows[0].nextElementSibling;
  facts.detail_hidden_before = detail.hidden;
  rows[0].click();
  facts.detail_hidden_after = detail.hidden;
  facts.detail_expanded = rows[0].getAttribute('aria-expanded');
  facts.detail_sentence = detail.querySelector('.sentence').textContent;
  facts.detail_site = detail.querySelector('code.site').textContent;
  facts.detail_functions = texts(detail, 'ol.frames .function').join('|');
  facts.detail_sources = texts(detail, 'ol.frames .source').join('|');

  var flame = section.querySelector('figure.flame');
  var nodes = all(flame, 'svg.node');
  function node(name) { return nodes.filter(function (n) { return n.dataset.name === name; })[0]; }
  facts.flame_nodes = nodes.length;
  facts.flame_root = nodes[0].dataset.name + ' ' + nodes[0].dataset.bytes;
  facts.flame_names = nodes.map(function (n) { return n.dataset.name; }).sort().join('|');
  facts.flame_boxes = nodes.map(function (n) { return n.dataset.name + ':' + n.dataset.bytes; }).sort().join('|');
  var leaf = node('conn_new_buffer'), caller = node('conn_open'), other = node('load_config');
  mouse(leaf, 'mouseenter', 0, 0);
  facts.flame_info = flame.querySelector('.flame-info').textContent;
  facts.flame_width_before = leaf.getAttribute('width');
  caller.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  facts.flame_zoom_width = caller.getAttribute('width') + ' ' + leaf.getAttribute('width');
  facts.flame_zoom_hides_other = other.style.display === 'none';
  facts.flame_reset_enabled = !flame.querySelector('.reset').disabled;
  flame.querySelector('.reset').click();
  facts.flame_reset_width = caller.getAttribute('width');
  facts.flame_reset_shows_other = other.style.display !== 'none';
  facts.flame_reset_disabled = flame.querySelector('.reset').disabled;

  if (select) {
    var first = select.value;
    select.value = select.options[select.options.length - 1].value;
    select.dispatchEvent(new Event('change'));
    facts.visible_after_switch = visiblePids();
    facts.other_flame_caption = document.querySelector('section.process:not([hidden]) figure.flame figcaption').textContent;
    select.value = first;
    select.dispatchEvent(new Event('change'));
    facts.visible_after_switch_back = visiblePids();
  }

  var svg = chart.querySelector('svg'), box = svg.getBoundingClientRect();
  chart.scrollIntoView();
  box = svg.getBoundingClientRect();
  mouse(svg, 'mousemove', box.left + box.width * 0.75, box.top + box.height * 0.3);
  var tip = chart.querySelector('.tip');
  facts.tip_visible = !tip.hidden;
  facts.tip_rows = all(tip, '.row').length;
  facts.tip_when = tip.querySelector('.when').textContent;
  facts.tip_values = all(tip, '.row').map(function (r) {
    return r.querySelector('.label').textContent + '=' + r.querySelector('.value').textContent;
  }).join('|');
  window.scrollTo(0, 0);
  return JSON.stringify(facts);
})()
