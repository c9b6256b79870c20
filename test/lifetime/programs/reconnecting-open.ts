/**
 * A Push connected to argv[2], where nobody listens: it keeps trying. Once it has retried twice (a timer of
 * ours holds the process until then), it is left alone, reconnecting. The process exits all the same.
 */
import { Push } from "../../../src/index.js";
import { socketEvents } from "../../../src/sockets/socket-events.js";

const push = new Push({ reconnectInterval: 50 });
const hold = setInterval(() => undefined, 1000);
let retries = 0;
socketEvents(push).listen((event) => {
  if (event.type !== "connect:retry" || ++retries !== 2) return;
  clearInterval(hold);
  console.log("retrying");
});
push.connect(process.argv[2]!);
