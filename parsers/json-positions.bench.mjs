// Speed check for parsers/json-positions.ts against JSON.parse (not a test:
// timings depend on the machine). Run from the repository root:
//
//   node parsers/json-positions.bench.mjs [sizeInMB]
//
// It generates a CloudFormation-shaped JSON document (pretty-printed, as
// templates usually are, and minified, as tools emit them), parses each 21
// times with both parsers alternately, and prints the median times and the
// ratio to JSON.parse, plus the cost of the first position lookup.
import { build } from 'esbuild';

const targetBytes = Math.round(Number(process.argv[2] ?? 5) * 1024 * 1024);

// The parser is TypeScript; bundle it in memory instead of requiring a build step.
const bundled = await build({
  entryPoints: [new URL('./json-positions.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
});
const { parseJsonWithPositions } = await import(
  `data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`
);

function resource(i) {
  return {
    Type: 'AWS::CloudTrail::Trail',
    DependsOn: [`Bucket${i}`, `Policy${i}`],
    Properties: {
      TrailName: `trail-${i}`,
      IsLogging: true,
      IsMultiRegionTrail: i % 2 === 0,
      EnableLogFileValidation: i % 3 !== 0,
      KMSKeyId: { 'Fn::GetAtt': [`Key${i}`, 'Arn'] },
      S3BucketName: { Ref: `Bucket${i}` },
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::bucket-${i}/`, 'arn:aws:s3:::other/\u00e9t\u00e9'] }],
        },
      ],
      Tags: [
        { Key: 'team', Value: 'security "blue"\nline two' },
        { Key: 'cost', Value: String(i * 17) },
      ],
      Retention: i * 1.5,
      Limits: [1, 2, 3, -4.25e3, 0],
    },
  };
}

function generate(bytes) {
  // Sized by the pretty-printed form; minified text is about half as long.
  const Resources = {};
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    Resources[`Trail${i}`] = resource(i);
    if (i % 100 === 99) size = JSON.stringify({ Resources }, null, 2).length;
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Resources };
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/**
 * Median times of two functions run alternately, so that load from other
 * processes falls on both alike rather than skewing the ratio.
 */
function timePair(a, b, runs = 21) {
  a();
  b();
  const samplesA = [];
  const samplesB = [];
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    a();
    samplesA.push(performance.now() - t0);
    t0 = performance.now();
    b();
    samplesB.push(performance.now() - t0);
  }
  return [median(samplesA), median(samplesB)];
}

// Both shapes are generated to the target size: pretty-printed (as templates
// are usually written) and minified (as tools emit them).
for (const [label, text] of [
  ['pretty', JSON.stringify(generate(targetBytes), null, 2)],
  ['minified', JSON.stringify(generate(targetBytes * 2))],
]) {
  const [native, ours] = timePair(
    () => JSON.parse(text),
    () => parseJsonWithPositions(text, 'bench.json'),
  );
  // Positions are resolved on demand; the first lookup also builds the line table.
  const { positions } = parseJsonWithPositions(text, 'bench.json');
  const t0 = performance.now();
  const range = positions.get(['Resources', 'Trail1000', 'Properties', 'KMSKeyId', 'Fn::GetAtt', 0]);
  const firstLookup = performance.now() - t0;
  console.log(
    `${label}: ${(text.length / 1024 / 1024).toFixed(1)} MB, ${positions.size} values\n` +
      `  JSON.parse               ${native.toFixed(1)} ms\n` +
      `  parseJsonWithPositions   ${ours.toFixed(1)} ms (${(ours / native).toFixed(2)}x JSON.parse)\n` +
      `  first position lookup    ${firstLookup.toFixed(1)} ms (line ${range?.start.line})`,
  );
}
