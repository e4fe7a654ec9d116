// The part of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module "autocannon" {
  type Options = { url: string; connections?: number; overallRate?: number; duration?: number; headers?: Record<string, string> };
  type Histogram = { p50: number; p97_5: number; p99: number; average: number };
  type Result = { latency: Histogram; requests: Histogram; non2xx: number; errors: number };
  export default function autocannon(options: Options): Promise<Result>;
}
