import postgres from 'postgres'
const URL = 'postgres://postgres@127.0.0.1:5432/postgres'
process.on('uncaughtException', e => { console.log('UNCAUGHT', e.code, e.stack.split('\n').slice(0,6).join('|')); })
process.on('unhandledRejection', (e,p) => { console.log('UNHANDLED', e.code, e.stack.split('\n').slice(0,8).join('|'), p.constructor.name); })
const counts={}
const sql = postgres(URL, { max: 2 , onnotice(){} })
const killer = postgres(URL, { max: 1 })
for (let run=0; run<10; run++) {
const reserved = await sql.reserve()
const [{ pid }] = await reserved`select pg_backend_pid() as pid`
await killer`select pg_terminate_backend(${pid})`
const out=[]
for (let i=0;i<3;i++) {
  await Promise.race([reserved`select 1`.then(()=>'ok',(e) => e.code), new Promise(r=>setTimeout(()=>r('hang'),2000))]).then(x=>out.push(x))
}
reserved.release()
counts[out.join(' ')]=(counts[out.join(' ')]??0)+1
}
console.log(counts)
process.exit(0)
