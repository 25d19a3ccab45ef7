import asyncio, time, tempfile, statistics
from sqlalchemy import event, text
from bench.bench_core import SCRIPT, fresh
from adapters.clock import SystemClock
from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.messages import Inbound, MemberRef
from bot.services import Services
from storage.engine import create_engine
from storage.unit_of_work import SqlUnitOfWorkFactory
async def main():
    url=f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/b.db"
    await fresh(url)
    engine=create_engine(url)
    count=[0]
    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _c(*a): count[0]+=1
    core=Core(SqlUnitOfWorkFactory(engine), SystemClock(), Services.build(CoreConfig(rate_limit_per_minute=10**6)))
    per={i:[] for i in range(len(SCRIPT))}; stm={i:0 for i in range(len(SCRIPT))}
    for m in range(40):
        member=MemberRef("console", f"x{m}")
        for i,(kind,value) in enumerate(SCRIPT):
            inbound = Inbound(member, text=value) if kind=="text" else Inbound(member, action=actions.encode("book", 2) if kind=="book" else value)
            c0=count[0]; t=time.perf_counter(); await core.handle(inbound); per[i].append((time.perf_counter()-t)*1000); stm[i]=count[0]-c0
    for i,(k,v) in enumerate(SCRIPT):
        print(f"{k:6} {v[:30]:30} stmts={stm[i]:2} p50={statistics.median(per[i]):.2f}ms")
    t=time.perf_counter()
    cls = core.services.classifier
    for _ in range(1000): cls.understand("what are the goals of therapy?")
    print("classifier ms", (time.perf_counter()-t))
    t=time.perf_counter()
    for _ in range(1000): core.services.detector.assess("what are the goals of therapy?")
    print("detector ms", (time.perf_counter()-t))
    await engine.dispose()
asyncio.run(main())
