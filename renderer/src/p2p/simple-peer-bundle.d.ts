// simple-peer ships a self-contained browser bundle; it needs no Node polyfills in Vite.
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
