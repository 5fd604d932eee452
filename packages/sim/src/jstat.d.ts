/** The one function of jstat the simulator uses (the package ships no types). */
declare module 'jstat' {
  const jStat: { readonly studentt: { inv(p: number, dof: number): number } };
  export default jStat;
}
