// Regenerate affiliates/map_data/us_map.json from the U.S. Census cartographic boundaries
// in the `us-atlas` package (public domain), already projected to Albers USA (975x610).
//
//   cd /tmp/x && npm install us-atlas@3.0.1 topojson-client@3.1.0 topojson-simplify@3.0.3 d3-geo@3.1.2
//   NODE_PATH=/tmp/x/node_modules node affiliates/map_data/build.mjs /tmp/x/node_modules
//
// Output: {"viewBox", "states": {"IA": {"d", "bbox"}}, "counties": {"19153": {"s": "IA", "n": "Polk", "d"}}}
// with coordinates rounded to 0.1 px after simplification: small enough to commit.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const modules = process.argv[2];
const require = createRequire(path.join(modules, "noop.js"));
const { feature } = require("topojson-client");
const { presimplify, simplify, quantile } = require("topojson-simplify");
const { geoPath } = require("d3-geo");

const FIPS = {
  "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
  "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
  "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
  "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
  "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
  "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
  "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
};

let topology = JSON.parse(readFileSync(path.join(modules, "us-atlas/counties-albers-10m.json")));
topology = presimplify(topology);
topology = simplify(topology, quantile(topology, 0.05));

const round = (d) => d.replace(/-?\d+\.\d+/g, (n) => (Math.round(Number(n) * 10) / 10).toString());
const toPath = geoPath(); // the data is already projected: identity
const out = { viewBox: [0, 0, 975, 610], states: {}, counties: {} };

for (const state of feature(topology, topology.objects.states).features) {
  const code = FIPS[state.id];
  if (!code) continue;
  const [[x0, y0], [x1, y1]] = toPath.bounds(state);
  out.states[code] = { d: round(toPath(state)), bbox: [x0, y0, x1, y1].map((v) => Math.round(v * 10) / 10) };
}
for (const county of feature(topology, topology.objects.counties).features) {
  const code = FIPS[county.id.slice(0, 2)];
  const d = toPath(county);
  if (!code || !d) continue;
  out.counties[county.id] = { s: code, n: county.properties.name, d: round(d) };
}
writeFileSync(new URL("./us_map.json", import.meta.url), JSON.stringify(out));
console.log(`${Object.keys(out.states).length} states, ${Object.keys(out.counties).length} counties`);
