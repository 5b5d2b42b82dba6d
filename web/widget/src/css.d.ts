// esbuild's text loader turns the stylesheet into a string (see the build script).
declare module "*.css" {
  const css: string;
  export default css;
}
