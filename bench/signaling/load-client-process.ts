// Child process: a load generator holding groups of peers (one group per relay under test) and driving traffic
// through them when the bench calls. Several run side by side; none shares a process with a relay.
import { serveCalls, type LoadClientCalls } from './child-calls';
import { createPeerGroup, type PeerGroup } from './peer-group';
import { closedLoop, openLoop } from './traffic-drivers';

const createLoadClient = () => {
  const groups = new Map<string, PeerGroup>();
  const groupNamed = (name: string): PeerGroup => {
    const group = groups.get(name);
    if (!group) {
      throw new Error(`no peer group ${name}`);
    }
    return group;
  };
  return {
    async connect({ group: name, kind, urls, identities }: LoadClientCalls['connect']['args']) {
      const group = groups.get(name) ?? createPeerGroup(kind);
      groups.set(name, group);
      await group.connect(urls, identities);
      return { peers: group.size };
    },
    closedLoop: (args: LoadClientCalls['closedLoop']['args']) => closedLoop(groupNamed(args.group), args),
    openLoop: (args: LoadClientCalls['openLoop']['args']) => openLoop(groupNamed(args.group), args),
    async disconnect({ group: name }: LoadClientCalls['disconnect']['args']) {
      await groups.get(name)?.close();
      groups.delete(name);
      return null;
    },
  };
};

serveCalls<LoadClientCalls>(createLoadClient(), { pid: process.pid });
