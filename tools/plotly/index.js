'use strict';
// Dân vận Dashboard's plotly.js: the core (scatter) with the three other trace types we draw.
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scattergeo'),
    require('plotly.js/lib/locales/vi'),
]);
module.exports = Plotly;
