// Files embedded into the executable by Bun's loaders.
declare module "*.sql" {
  const text: string;
  export default text;
}
declare module "*.js" {
  const path: string;
  export default path;
}
declare module "*.css" {
  const path: string;
  export default path;
}
declare module "*.mp3" {
  const path: string;
  export default path;
}
declare module "*.wav" {
  const path: string;
  export default path;
}
