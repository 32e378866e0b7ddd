const D='http://127.0.0.1:9517';
const j=async(m,p,b)=>{const r=await fetch(D+p,{method:m,headers:{'Content-Type':'application/json'},body:b?JSON.stringify(b):undefined});return (await r.json()).value;};
const s=(await j('POST','/session',{capabilities:{alwaysMatch:{'goog:chromeOptions':{binary:'/usr/bin/chromium',args:['--headless=new','--no-sandbox']}}}})).sessionId;
await j('POST','/session/'+s+'/url',{url:'http://127.0.0.1:18088/admin/console'});
console.log(JSON.stringify(await j('POST','/session/'+s+'/element',{using:'css selector',value:'#password'})));
console.log(JSON.stringify(await j('POST','/session/'+s+'/element',{using:'css selector',value:'#queues'})));
await j('DELETE','/session/'+s);
