import asyncio, time, tempfile
from sqlalchemy import text, select
from storage.engine import create_engine
from storage.migrate import migrate
from storage.tables import members
async def main():
    eng = create_engine(f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/m.db"); await migrate(eng, seed=False)
    N=300; tt={"connect":0,"begin":0,"select":0,"commit":0,"close":0}
    for _ in range(N):
        t=time.perf_counter(); c=await eng.connect(); t1=time.perf_counter(); tt["connect"]+=t1-t
        await c.begin(); t2=time.perf_counter(); tt["begin"]+=t2-t1
        await c.execute(select(members).where(members.c.key=="x")); t3=time.perf_counter(); tt["select"]+=t3-t2
        await c.commit(); t4=time.perf_counter(); tt["commit"]+=t4-t3
        await c.close(); t5=time.perf_counter(); tt["close"]+=t5-t4
    print({k: round(v/N*1000,3) for k,v in tt.items()})
    await eng.dispose()
asyncio.run(main())
