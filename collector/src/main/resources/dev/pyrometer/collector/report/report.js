// Draws the report's pictures from the JSON block; every text goes through textContent.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var W = 1100, LEFT = 170, RIGHT = 40;
  var span = Math.max(1, D.t1 - D.t0);
  function x(t) { return LEFT + (W - LEFT - RIGHT) * (t - D.t0) / span; }
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function label(parent, px, py, s, cls) {
    var t = el('text', {x: px, y: py, 'class': cls || 'lbl'}, parent);
    t.textContent = s;
    return t;
  }
  function tip(node, s) { var t = el('title', {}, node); t.textContent = s; }
  function svg(id, h) {
    var s = el('svg', {id: id, width: W, height: h, viewBox: '0 0 ' + W + ' ' + h});
    return s;
  }
  function axis(s, h) {
    for (var i = 0; i <= 10; i++) {
      var t = D.t0 + span * i / 10;
      el('line', {x1: x(t), x2: x(t), y1: 0, y2: h - 14, 'class': 'grid'}, s);
      label(s, x(t) - 10, h - 2, ((t - D.t0) / 1000).toFixed(1) + 's', 'axis');
    }
  }
  function mb(b) { return (b / 1048576).toFixed(1) + ' MiB'; }

  // Jobs and stages: each packed into as few rows as overlaps allow, so thousands of
  // sequential jobs still fit in a few rows
  function pack(items) {
    var ends = [];
    return items.map(function (it) {
      var r = 0;
      while (r < ends.length && ends[r] > it[1]) { r++; }
      ends[r] = it[2];
      return r;
    });
  }
  (function () {
    var jobRows = pack(D.jobs), stageRows = pack(D.stages);
    var nJobs = Math.max(1, Math.max.apply(null, jobRows.concat([0])) + 1);
    var nStages = Math.max(1, Math.max.apply(null, stageRows.concat([0])) + 1);
    var h = (nJobs + nStages) * 16 + 30;
    var s = svg('gantt', h);
    axis(s, h);
    label(s, 4, 11, 'jobs');
    label(s, 4, nJobs * 16 + 17, 'stages');
    function bar(item, y, cls, name, text) {
      var w = Math.max(1, x(item[2]) - x(item[1]));
      var r = el('rect', {x: x(item[1]), y: y + 2, width: w, height: 12, 'class': cls}, s);
      tip(r, text);
      if (w > 60) { label(s, x(item[1]) + 3, y + 12, name, 'inbar'); }
    }
    D.jobs.forEach(function (j, i) {
      bar(j, jobRows[i] * 16, 'job ' + j[3], 'job ' + j[0],
        'job ' + j[0] + ': ' + (j[4] || '') + ' (' + (j[2] - j[1]) + ' ms, ' + j[3] + ')');
    });
    D.stages.forEach(function (st, i) {
      bar(st, nJobs * 16 + 6 + stageRows[i] * 16, 'stage ' + st[3], 'stage ' + st[0],
        'stage ' + st[0] + ' ' + (st[4] || '') + ': ' + st[5] + ' tasks, ' + (st[2] - st[1]) + ' ms');
    });
    document.getElementById('gantt-box').appendChild(s);
  })();

  // Tasks per executor lane
  (function () {
    var laneH = 26, h = D.lanes.length * laneH + 24;
    var s = svg('lanes', h);
    axis(s, h);
    D.lanes.forEach(function (name, i) { label(s, 4, i * laneH + 16, name); });
    if (D.tasks) {
      // pack overlapping tasks of a lane into sub-rows so each stays visible
      var ends = {};
      D.tasks.forEach(function (t) {
        var lane = t[0], rowsEnd = ends[lane] || (ends[lane] = []), row = 0;
        while (row < rowsEnd.length && rowsEnd[row] > t[1]) { row++; }
        rowsEnd[row] = t[2];
        var sub = Math.min(row, 5), hh = (laneH - 4) / 6;
        var r = el('rect', {x: x(t[1]), y: lane * laneH + 2 + sub * hh, width: Math.max(1, x(t[2]) - x(t[1])),
          height: Math.max(2, hh - 1), 'class': 'task s' + t[3]}, s);
        tip(r, 'task ' + t[4] + ' (stage ' + t[5] + '): ' + (t[2] - t[1]) + ' ms');
      });
    } else {
      var o = D.occupancy, max = 0;
      o.busy.forEach(function (row) { row.forEach(function (v) { if (v > max) { max = v; } }); });
      o.busy.forEach(function (row, lane) {
        row.forEach(function (v, b) {
          if (v <= 0) { return; }
          var t = D.t0 + b * o.bucketMs;
          var r = el('rect', {x: x(t), y: lane * laneH + 2, width: Math.max(1, x(t + o.bucketMs) - x(t)), height: laneH - 4,
            'class': o.failed[lane][b] > 0 ? 'occ failed' : 'occ', 'fill-opacity': (0.15 + 0.85 * v / max).toFixed(2)}, s);
          tip(r, v.toFixed(2) + ' tasks running on average' + (o.failed[lane][b] > 0 ? ', ' + o.failed[lane][b] + ' failed' : ''));
        });
      });
    }
    document.getElementById('lanes-box').appendChild(s);
  })();

  // Memory over time, one chart per process kind
  function lineChart(id, title, series, limit) {
    var h = 180, s = svg(id, h + 20 + series.length * 14), max = limit > 0 ? limit : 1;
    series.forEach(function (se) { if (se.peak > max) { max = se.peak; } });
    function y(v) { return 10 + (h - 30) * (1 - v / max); }
    axis(s, h);
    label(s, 4, 14, title);
    label(s, 4, 28, 'max ' + mb(max), 'axis');
    if (limit > 0) { el('line', {x1: LEFT, x2: W - RIGHT, y1: y(limit), y2: y(limit), 'class': 'limit'}, s); }
    series.forEach(function (se, i) {
      var d = '';
      se.points.forEach(function (p, k) { d += (k ? 'L' : 'M') + x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1); });
      var path = el('path', {d: d, 'class': 'series c' + (i % 6)}, s);
      tip(path, se.name + ': peak ' + mb(se.peak));
      el('rect', {x: LEFT, y: h + 8 + i * 14, width: 10, height: 10, 'class': 'swatch c' + (i % 6)}, s);
      label(s, LEFT + 16, h + 17 + i * 14, se.name + '  peak ' + mb(se.peak), 'legend');
    });
    return s;
  }
  var box = document.getElementById('memory-box');
  D.memory.forEach(function (k) {
    box.appendChild(lineChart('mem-' + k.kind, k.kind + ' RSS (' + k.processes + ' processes)', k.series, 0));
  });
  if (D.heap.length) {
    var limit = 0;
    D.heap.forEach(function (h) { if (h.max > limit) { limit = h.max; } });
    box.appendChild(lineChart('mem-heap', 'JVM heap used', D.heap, limit));
  }
  if (!D.memory.length && !D.heap.length) {
    var p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'No memory samples (the agent was not attached).';
    box.appendChild(p);
  }
  document.body.setAttribute('data-rendered', 'true');
})();
